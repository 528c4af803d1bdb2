# A stand-in for the Windows Update Agent COM API, for running Patchbay's generated WUA scripts in real pwsh
# on a machine without Windows. Dot-source this file, then call Use-WuaStandIn with a scenario (JSON):
# it defines global functions that shadow New-Object (for -ComObject only), Get-CimInstance, Get-HotFix,
# Test-Path and Get-ItemProperty (for HKLM: only), so the generated scripts run unchanged — on Windows those names are the real
# cmdlets and COM classes. Only the COM API itself stays Windows-only.
#
# Member names, result codes and HResults follow Microsoft's documentation of wuapi.h:
#   IUpdateSession        https://learn.microsoft.com/en-us/windows/win32/api/wuapi/nn-wuapi-iupdatesession
#     (ClientApplicationID, CreateUpdateSearcher, CreateUpdateDownloader, CreateUpdateInstaller;
#      CreateUpdateInstaller "returns E_ACCESSDENIED: this method cannot be called from a remote computer")
#   IUpdateSearcher.Search https://learn.microsoft.com/en-us/windows/win32/api/wuapi/nf-wuapi-iupdatesearcher-search
#     and its criteria grammar, [MS-UAMG] 3.38.4.11 (andgroups joined by "or"; Name=Value; strings in '…')
#   ISearchResult (ResultCode, Updates, RootCategories, Warnings), IUpdate (Identity.UpdateID/RevisionNumber, Title,
#     KBArticleIDs, Categories[Name, Type, CategoryID], MsrcSeverity, Type, LastDeploymentChangeTime,
#     MaxDownloadSize, SupersededUpdateIDs, IsInstalled, IsHidden, IsDownloaded, RebootRequired, SupportUrl,
#     EulaAccepted, AcceptEula, BundledUpdates; IUpdate2.CopyToCache)
#   IUpdateDownloader / IUpdateInstaller (Updates, Download / Install), IDownloadResult / IInstallationResult
#     (ResultCode, HResult, RebootRequired, GetUpdateResult(index) → IUpdateInstallationResult)
#   OperationResultCode https://learn.microsoft.com/en-us/windows/win32/api/wuapi/ne-wuapi-operationresultcode
#     0 orcNotStarted, 1 orcInProgress, 2 orcSucceeded, 3 orcSucceededWithErrors, 4 orcFailed, 5 orcAborted
#   UpdateColl / StringColl (Microsoft.Update.UpdateColl, Microsoft.Update.StringColl: Add, Count, Item(i)),
#   SystemInfo (Microsoft.Update.SystemInfo: RebootRequired).
# A failing COM method surfaces in PowerShell as a COMException carrying the HRESULT (CategoryInfo
# "OperationStopped: (:) [], COMException"); class methods here throw exactly that.
#
# Scenario (all optional): { Updates: [ { UpdateID, RevisionNumber, Title, KBArticleIDs, Categories, MsrcSeverity,
#   Type, LastDeploymentChangeTime, MaxDownloadSize, SupersededUpdateIDs, IsInstalled, IsHidden, IsDownloaded,
#   RebootRequired, SupportUrl, EulaAccepted, BundledUpdates: [ids], Install: { ResultCode, HResult,
#   RebootRequired }, Download: { ResultCode, HResult } } ], Os: { Caption, Version }, HotFixes: [ { HotFixID,
#   Description, InstalledOn } ], RegistryKeys: [ 'HKLM:\…' ], RegistryValues: { 'HKLM:\…': { Name: value } },
#   SystemInfoRebootRequired, Throw: { <Member>: 'HResult' },
#   LogPath, NetworkLogon }. Throw names a member (Search, CreateUpdateInstaller, Install, Download, CreateUpdateSearcher,
#   CopyToCache, Get-HotFix) that fails with that HResult. Calls are appended to LogPath as JSON lines.

Set-StrictMode -Version Latest

function ConvertTo-WuaHResult([string]$hex) {
  [Convert]::ToInt32(($hex -replace '^0[xX]', ''), 16)
}

class WuaStandIn {
  static [object] $Scenario
  static [string] $LogPath = ''
  static [System.Collections.ArrayList] $Updates

  static [void] Log([string]$call, [object]$data) {
    if ([WuaStandIn]::LogPath) {
      $line = [ordered]@{ Call = $call; Data = $data } | ConvertTo-Json -Compress -Depth 5
      Add-Content -LiteralPath ([WuaStandIn]::LogPath) -Value $line -Encoding utf8
    }
  }

  # With NetworkLogon set, the session is an OpenSSH/WinRM network logon: creating a downloader or installer fails with
  # E_ACCESSDENIED ("This method cannot be called from a remote computer") unless the code runs in the SYSTEM task
  # the ScheduledTasks stand-in starts ($global:PbRunningAsSystem).
  static [void] RefuseNetworkLogon() {
    $s = [WuaStandIn]::Scenario
    $remote = $s.PSObject.Properties['NetworkLogon'] -and [bool]$s.NetworkLogon
    $system = (Test-Path variable:global:PbRunningAsSystem) -and [bool](Get-Variable -Scope Global -Name PbRunningAsSystem -ValueOnly)
    if ($remote -and -not $system) {
      throw [System.Runtime.InteropServices.COMException]::new(
        'Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)', (ConvertTo-WuaHResult '0x80070005'))
    }
  }

  # Throws the COMException the scenario sets for a member, as a failing COM call does.
  static [void] MaybeThrow([string]$member) {
    $s = [WuaStandIn]::Scenario
    $t = if ($s.PSObject.Properties['Throw']) { $s.Throw } else { $null }
    if ($null -ne $t -and $t.PSObject.Properties[$member]) {
      $hr = ConvertTo-WuaHResult $t.$member
      throw [System.Runtime.InteropServices.COMException]::new(
        ('Exception from HRESULT: 0x{0:X8}' -f $hr), $hr)
    }
  }
}

class WuaIdentity {
  [string] $UpdateID
  [int] $RevisionNumber
}

class WuaCategory {
  [string] $Name
  [string] $Type
  [string] $CategoryID
}

class WuaUpdateColl : System.Collections.ArrayList {}

class WuaStringColl : System.Collections.ArrayList {}

class WuaUpdate {
  [WuaIdentity] $Identity
  [string] $Title
  [WuaStringColl] $KBArticleIDs
  [WuaCategory[]] $Categories
  [string] $MsrcSeverity
  [int] $Type
  [object] $LastDeploymentChangeTime
  [decimal] $MaxDownloadSize
  [WuaStringColl] $SupersededUpdateIDs
  [bool] $IsInstalled
  [bool] $IsHidden
  [bool] $IsDownloaded
  [bool] $RebootRequired
  [string] $SupportUrl
  [bool] $EulaAccepted
  [WuaUpdateColl] $BundledUpdates
  hidden [object] $Spec
  hidden [string[]] $CachedFiles = @()

  [void] AcceptEula() {
    [WuaStandIn]::Log('AcceptEula', $this.Identity.UpdateID)
    $this.EulaAccepted = $true
  }

  # IUpdate2::CopyToCache(IStringCollection pFiles)
  [void] CopyToCache([WuaStringColl]$files) {
    [WuaStandIn]::MaybeThrow('CopyToCache')
    [WuaStandIn]::Log('CopyToCache', [ordered]@{ UpdateID = $this.Identity.UpdateID; Files = @($files) })
    $this.CachedFiles += @($files)
    $this.IsDownloaded = $true
    # A bundle is downloaded once every update it bundles is.
    foreach ($b in [WuaStandIn]::Updates) {
      if ($b.BundledUpdates.Count -gt 0 -and @($b.BundledUpdates | Where-Object { -not $_.IsDownloaded }).Count -eq 0) { $b.IsDownloaded = $true }
    }
  }
}

class WuaSearchResult {
  [int] $ResultCode = 2
  [WuaUpdateColl] $Updates
  [object[]] $RootCategories = @()
  [object[]] $Warnings = @()
}

class WuaUpdateResult {
  [int] $ResultCode
  [int] $HResult
  [bool] $RebootRequired
}

class WuaOperationResult {
  [int] $ResultCode
  [int] $HResult
  [bool] $RebootRequired
  hidden [WuaUpdateResult[]] $PerUpdate

  [WuaUpdateResult] GetUpdateResult([int]$index) { return $this.PerUpdate[$index] }

  # The overall result from the per-update ones: all succeeded → 2, some failed → 3, all failed → 4 with
  # WU_E_ALL_UPDATES_FAILED (0x80240022, "WUA Success and Error Codes").
  static [WuaOperationResult] Of([WuaUpdateResult[]]$per) {
    $r = [WuaOperationResult]::new()
    $r.PerUpdate = $per
    $ok = @($per | Where-Object { $_.ResultCode -eq 2 -or $_.ResultCode -eq 3 }).Count
    $r.ResultCode = if ($ok -eq $per.Count) { 2 } elseif ($ok -gt 0) { 3 } else { 4 }
    $r.HResult = if ($ok -eq 0 -and $per.Count -gt 0) { ConvertTo-WuaHResult '0x80240022' } else { 0 }
    $r.RebootRequired = @($per | Where-Object { $_.RebootRequired }).Count -gt 0
    return $r
  }
}

class WuaSearcher {
  [bool] $Online = $true
  [string] $ClientApplicationID

  [WuaSearchResult] Search([string]$criteria) {
    [WuaStandIn]::MaybeThrow('Search')
    [WuaStandIn]::Log('Search', $criteria)
    $r = [WuaSearchResult]::new()
    $r.Updates = [WuaUpdateColl]::new()
    foreach ($u in [WuaStandIn]::Updates) { if ([WuaSearcher]::Matches($u, $criteria)) { [void]$r.Updates.Add($u) } }
    return $r
  }

  # [MS-UAMG] criteria: andgroups joined by "or", criteria joined by "and", each Name=Value or Name!=Value.
  static [bool] Matches([WuaUpdate]$u, [string]$criteria) {
    foreach ($group in ($criteria -split '\s+or\s+')) {
      $all = $true
      foreach ($c in ($group.Trim('() ') -split '\s+and\s+')) {
        if ($c -notmatch "^\s*\(?\s*(\w+)\s*(!?=)\s*('(?:[^']|'')*'|-?\d+)\s*\)?\s*$") {
          throw [System.Runtime.InteropServices.COMException]::new('WU_E_INVALID_CRITERIA', (ConvertTo-WuaHResult '0x80240032'))
        }
        $name = $Matches[1]; $op = $Matches[2]; $value = $Matches[3]
        $actual = switch ($name) {
          'UpdateID' { $u.Identity.UpdateID }
          'RevisionNumber' { [string]$u.Identity.RevisionNumber }
          'IsInstalled' { [string][int]$u.IsInstalled }
          'IsHidden' { [string][int]$u.IsHidden }
          'RebootRequired' { [string][int]$u.RebootRequired }
          default { throw [System.Runtime.InteropServices.COMException]::new("WU_E_INVALID_CRITERIA: $name", (ConvertTo-WuaHResult '0x80240032')) }
        }
        $want = if ($value.StartsWith("'")) { $value.Substring(1, $value.Length - 2).Replace("''", "'") } else { $value }
        $eq = [string]::Equals([string]$actual, $want, [StringComparison]::OrdinalIgnoreCase)
        if (($op -eq '=') -ne $eq) { $all = $false; break }
      }
      if ($all) { return $true }
    }
    return $false
  }
}

class WuaDownloader {
  [WuaUpdateColl] $Updates
  [string] $ClientApplicationID

  [WuaOperationResult] Download() {
    [WuaStandIn]::MaybeThrow('Download')
    [WuaStandIn]::Log('Download', @($this.Updates | ForEach-Object { $_.Identity.UpdateID }))
    $per = foreach ($u in $this.Updates) {
      $r = [WuaUpdateResult]::new(); $r.ResultCode = 2
      $d = if ($u.Spec.PSObject.Properties['Download']) { $u.Spec.Download } else { $null }
      if ($null -ne $d) { $r.ResultCode = [int]$d.ResultCode; $r.HResult = ConvertTo-WuaHResult $d.HResult }
      if ($r.ResultCode -eq 2) { $u.IsDownloaded = $true }
      $r
    }
    return [WuaOperationResult]::Of(@($per))
  }
}

class WuaInstaller {
  [WuaUpdateColl] $Updates
  [string] $ClientApplicationID
  [bool] $IsBusy = $false

  [WuaOperationResult] Install() {
    [WuaStandIn]::MaybeThrow('Install')
    if ($null -eq $this.Updates -or $this.Updates.Count -eq 0) {
      throw [System.Runtime.InteropServices.COMException]::new('WU_E_NO_UPDATE', (ConvertTo-WuaHResult '0x80240024'))
    }
    [WuaStandIn]::Log('Install', @($this.Updates | ForEach-Object { $_.Identity.UpdateID }))
    $per = foreach ($u in $this.Updates) {
      $r = [WuaUpdateResult]::new(); $r.ResultCode = 2; $r.RebootRequired = $u.RebootRequired
      $i = if ($u.Spec.PSObject.Properties['Install']) { $u.Spec.Install } else { $null }
      if ($null -ne $i) {
        $r.ResultCode = [int]$i.ResultCode
        if ($i.PSObject.Properties['HResult']) { $r.HResult = ConvertTo-WuaHResult $i.HResult }
        if ($i.PSObject.Properties['RebootRequired']) { $r.RebootRequired = [bool]$i.RebootRequired }
      }
      if (-not $u.IsDownloaded) { $r.ResultCode = 4; $r.HResult = ConvertTo-WuaHResult '0x80246007' }
      if ($r.ResultCode -eq 2 -or $r.ResultCode -eq 3) { $u.IsInstalled = $true }
      $r
    }
    return [WuaOperationResult]::Of(@($per))
  }
}

class WuaSession {
  [string] $ClientApplicationID = ''
  [bool] $ReadOnly = $false

  [WuaSearcher] CreateUpdateSearcher() {
    [WuaStandIn]::MaybeThrow('CreateUpdateSearcher')
    $s = [WuaSearcher]::new(); $s.ClientApplicationID = $this.ClientApplicationID
    return $s
  }

  [WuaDownloader] CreateUpdateDownloader() {
    [WuaStandIn]::MaybeThrow('CreateUpdateDownloader')
    [WuaStandIn]::RefuseNetworkLogon()
    $d = [WuaDownloader]::new(); $d.ClientApplicationID = $this.ClientApplicationID
    return $d
  }

  [WuaInstaller] CreateUpdateInstaller() {
    [WuaStandIn]::MaybeThrow('CreateUpdateInstaller')
    [WuaStandIn]::RefuseNetworkLogon()
    $i = [WuaInstaller]::new(); $i.ClientApplicationID = $this.ClientApplicationID
    return $i
  }
}

function New-WuaStandInUpdate($spec) {
  $p = { param($name, $default) if ($spec.PSObject.Properties[$name]) { $spec.$name } else { $default } }
  $u = [WuaUpdate]::new()
  $u.Identity = [WuaIdentity]@{ UpdateID = $spec.UpdateID; RevisionNumber = (& $p 'RevisionNumber' 1) }
  $u.Title = & $p 'Title' ''
  $u.KBArticleIDs = [WuaStringColl]::new(); foreach ($k in @(& $p 'KBArticleIDs' @())) { [void]$u.KBArticleIDs.Add([string]$k) }
  $u.Categories = @(foreach ($c in @(& $p 'Categories' @())) { [WuaCategory]@{ Name = $c.Name; Type = $c.Type; CategoryID = $c.CategoryID } })
  $u.MsrcSeverity = & $p 'MsrcSeverity' ''
  $u.Type = & $p 'Type' 1
  $d = & $p 'LastDeploymentChangeTime' $null
  $u.LastDeploymentChangeTime = if ($null -ne $d) { [datetime]::Parse($d, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal) } else { $null }
  $u.MaxDownloadSize = & $p 'MaxDownloadSize' 0
  $u.SupersededUpdateIDs = [WuaStringColl]::new(); foreach ($s in @(& $p 'SupersededUpdateIDs' @())) { [void]$u.SupersededUpdateIDs.Add([string]$s) }
  $u.IsInstalled = & $p 'IsInstalled' $false
  $u.IsHidden = & $p 'IsHidden' $false
  $u.IsDownloaded = & $p 'IsDownloaded' $false
  $u.RebootRequired = & $p 'RebootRequired' $false
  $u.SupportUrl = & $p 'SupportUrl' ''
  $u.EulaAccepted = & $p 'EulaAccepted' $true
  $u.BundledUpdates = [WuaUpdateColl]::new()
  $u.Spec = $spec
  $u
}

# Installs the stand-in for a scenario (a JSON string): the COM classes, Get-CimInstance, Get-HotFix, HKLM: keys.
function Use-WuaStandIn([string]$ScenarioJson) {
  $s = $ScenarioJson | ConvertFrom-Json
  [WuaStandIn]::Scenario = $s
  [WuaStandIn]::LogPath = if ($s.PSObject.Properties['LogPath']) { $s.LogPath } else { '' }
  [WuaStandIn]::Updates = [System.Collections.ArrayList]::new()
  $byId = @{}
  foreach ($spec in @(if ($s.PSObject.Properties['Updates']) { $s.Updates })) {
    $u = New-WuaStandInUpdate $spec; [void][WuaStandIn]::Updates.Add($u); $byId[$u.Identity.UpdateID] = $u
  }
  foreach ($u in [WuaStandIn]::Updates) {
    if ($u.Spec.PSObject.Properties['BundledUpdates']) { foreach ($id in $u.Spec.BundledUpdates) { [void]$u.BundledUpdates.Add($byId[$id]) } }
  }

  function global:New-Object {
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
      [Parameter(ParameterSetName = 'Net', Mandatory, Position = 0)] [string]$TypeName,
      [Parameter(ParameterSetName = 'Net', Position = 1)] [object[]]$ArgumentList,
      [Parameter(ParameterSetName = 'Com', Mandatory)] [string]$ComObject,
      [hashtable]$Property
    )
    if ($PSCmdlet.ParameterSetName -eq 'Net') {
      $a = @{ TypeName = $TypeName }
      if ($PSBoundParameters.ContainsKey('ArgumentList')) { $a.ArgumentList = $ArgumentList }
      if ($Property) { $a.Property = $Property }
      return Microsoft.PowerShell.Utility\New-Object @a
    }
    [WuaStandIn]::Log('New-Object', $ComObject)
    switch ($ComObject) {
      'Microsoft.Update.Session' { return [WuaSession]::new() }
      'Microsoft.Update.UpdateColl' { return , [WuaUpdateColl]::new() }
      'Microsoft.Update.StringColl' { return , [WuaStringColl]::new() }
      'Microsoft.Update.SystemInfo' {
        $rr = $false
        if ([WuaStandIn]::Scenario.PSObject.Properties['SystemInfoRebootRequired']) { $rr = [bool][WuaStandIn]::Scenario.SystemInfoRebootRequired }
        return [pscustomobject]@{ RebootRequired = $rr }
      }
      default {
        throw [System.Runtime.InteropServices.COMException]::new(
          "Retrieving the COM class factory for component $ComObject failed (REGDB_E_CLASSNOTREG)", (ConvertTo-WuaHResult '0x80040154'))
      }
    }
  }

  function global:Get-CimInstance {
    param([Parameter(Position = 0)] [string]$ClassName)
    $os = if ([WuaStandIn]::Scenario.PSObject.Properties['Os']) { [WuaStandIn]::Scenario.Os } else { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Datacenter'; Version = '10.0.20348' } }
    if ($ClassName -ne 'Win32_OperatingSystem') { throw "the stand-in answers Win32_OperatingSystem only, not $ClassName" }
    [pscustomobject]@{ Caption = $os.Caption; Version = $os.Version }
  }

  function global:Get-HotFix {
    [WuaStandIn]::MaybeThrow('Get-HotFix')
    foreach ($h in @(if ([WuaStandIn]::Scenario.PSObject.Properties['HotFixes']) { [WuaStandIn]::Scenario.HotFixes })) {
      [pscustomobject]@{
        HotFixID = $h.HotFixID; Description = $h.Description
        InstalledOn = if ($h.InstalledOn) { [datetime]::Parse($h.InstalledOn, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal) } else { $null }
      }
    }
  }

  function global:Test-Path {
    param([Parameter(Position = 0)] [string]$Path, [string]$LiteralPath, [string]$PathType)
    $p = if ($LiteralPath) { $LiteralPath } else { $Path }
    if ($p -like 'HKLM:\*') {
      $keys = @(if ([WuaStandIn]::Scenario.PSObject.Properties['RegistryKeys']) { [WuaStandIn]::Scenario.RegistryKeys })
      return $keys -contains $p
    }
    $a = @{}; foreach ($k in $PSBoundParameters.Keys) { $a[$k] = $PSBoundParameters[$k] }
    Microsoft.PowerShell.Management\Test-Path @a
  }

  # Registry values under HKLM: come from the scenario's RegistryValues ({ '<key path>': { <Name>: <value> } });
  # a missing key or value throws as Get-ItemProperty does (an ItemNotFound / property-not-found error).
  function global:Get-ItemProperty {
    param([Parameter(Position = 0)] [string]$Path, [string[]]$Name, [string]$LiteralPath)
    $p = if ($LiteralPath) { $LiteralPath } else { $Path }
    if ($p -like 'HKLM:\*') {
      $values = if ([WuaStandIn]::Scenario.PSObject.Properties['RegistryValues']) { [WuaStandIn]::Scenario.RegistryValues } else { $null }
      $key = if ($values -and $values.PSObject.Properties[$p]) { $values.$p } else { $null }
      if ($null -eq $key) { throw [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$p' because it does not exist.") }
      foreach ($n in @($Name)) {
        if ($n -and -not $key.PSObject.Properties[$n]) { throw [System.Management.Automation.PSArgumentException]::new("Property $n does not exist at path $p.") }
      }
      return $key
    }
    $a = @{}; foreach ($k in $PSBoundParameters.Keys) { $a[$k] = $PSBoundParameters[$k] }
    Microsoft.PowerShell.Management\Get-ItemProperty @a
  }
}
