# A stand-in for the ScheduledTasks module (Windows-only) and icacls.exe, for running Patchbay's SYSTEM task wrapper
# (main/clients/platforms/windows-system-task.ts) in real pwsh. Dot-source it, then call Use-ScheduledTaskStandIn:
# it defines global functions New-ScheduledTaskAction, New-ScheduledTaskPrincipal, New-ScheduledTaskSettingsSet,
# Register-ScheduledTask, Start-ScheduledTask, Get-ScheduledTask, Get-ScheduledTaskInfo, Stop-ScheduledTask,
# Unregister-ScheduledTask and icacls.exe, and points $env:ProgramData at a folder of the test.
# Parameter and property names follow Microsoft's ScheduledTasks reference
# (https://learn.microsoft.com/en-us/powershell/module/scheduledtasks/): an action's Execute and Arguments, a
# principal's UserId / LogonType / RunLevel, a task's State (Unknown, Disabled, Queued, Ready, Running) and
# ScheduledTaskInfo's LastTaskResult (0x41303 SCHED_S_TASK_HAS_NOT_RUN before the first run).
#
# Modes: Run (Start-ScheduledTask runs the action's -File script in this process, as the task would — as SYSTEM for
# the WUA stand-in when the principal is S-1-5-18), NoResult (the
# task "runs" and ends with LastTaskResult 1, writing nothing), Hang (the task stays Running until stopped).
# Every call is appended to LogPath as a JSON line.

Set-StrictMode -Version Latest

function Use-ScheduledTaskStandIn([string]$Mode, [string]$LogPath, [string]$ProgramData) {
  $env:ProgramData = $ProgramData
  $global:PbTasks = @{}
  $global:PbTaskMode = $Mode
  $global:PbTaskLog = $LogPath

  function global:Write-PbTaskLog([string]$call, $data) {
    Add-Content -LiteralPath $global:PbTaskLog -Encoding utf8 -Value (
      [ordered]@{ Call = $call; Data = $data } | ConvertTo-Json -Compress -Depth 5)
  }

  function global:icacls.exe {
    Write-PbTaskLog 'icacls' @($args | ForEach-Object { [string]$_ })
    $global:LASTEXITCODE = 0
  }

  function global:New-ScheduledTaskAction([string]$Execute, [string]$Argument) {
    [pscustomobject]@{ Execute = $Execute; Arguments = $Argument }
  }

  function global:New-ScheduledTaskPrincipal([string]$UserId, [string]$LogonType, [string]$RunLevel) {
    [pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
  }

  function global:New-ScheduledTaskSettingsSet([switch]$AllowStartIfOnBatteries, [switch]$DontStopIfGoingOnBatteries, [timespan]$ExecutionTimeLimit) {
    [pscustomobject]@{ ExecutionTimeLimit = $ExecutionTimeLimit }
  }

  function global:Register-ScheduledTask([string]$TaskName, [string]$TaskPath, $Action, $Principal, $Settings, [switch]$Force) {
    Write-PbTaskLog 'Register' ([ordered]@{ TaskName = $TaskName; TaskPath = $TaskPath; Execute = $Action.Execute; Arguments = $Action.Arguments; Principal = $Principal })
    $global:PbTasks["$TaskPath$TaskName"] = [pscustomobject]@{ Action = $Action; Principal = $Principal; State = 'Ready'; LastTaskResult = 0x41303 }
    [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath; State = 'Ready' }
  }

  function global:Get-PbTask([string]$TaskName, [string]$TaskPath) {
    $t = $global:PbTasks["$TaskPath$TaskName"]
    if ($null -eq $t) { throw "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'." }
    $t
  }

  function global:Start-ScheduledTask([string]$TaskName, [string]$TaskPath) {
    Write-PbTaskLog 'Start' $TaskName
    $t = Get-PbTask $TaskName $TaskPath
    switch ($global:PbTaskMode) {
      'Run' {
        if ($t.Action.Arguments -notmatch '-File "([^"]+)"') { throw "the stand-in runs -File actions only: $($t.Action.Arguments)" }
        $global:LASTEXITCODE = 0
        $global:PbRunningAsSystem = $t.Principal.UserId -eq 'S-1-5-18'
        try { & $Matches[1] } finally { $global:PbRunningAsSystem = $false }
        $t.LastTaskResult = $LASTEXITCODE; $t.State = 'Ready'
      }
      'NoResult' { $t.LastTaskResult = 1; $t.State = 'Ready' }
      'Hang' { $t.State = 'Running'; $t.LastTaskResult = 0x41301 }
    }
  }

  function global:Get-ScheduledTask([string]$TaskName, [string]$TaskPath) {
    $t = Get-PbTask $TaskName $TaskPath
    [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath; State = $t.State }
  }

  function global:Get-ScheduledTaskInfo([string]$TaskName, [string]$TaskPath) {
    $t = Get-PbTask $TaskName $TaskPath
    [pscustomobject]@{ TaskName = $TaskName; LastTaskResult = $t.LastTaskResult }
  }

  function global:Stop-ScheduledTask([string]$TaskName, [string]$TaskPath) {
    Write-PbTaskLog 'Stop' $TaskName
    $t = Get-PbTask $TaskName $TaskPath
    $t.State = 'Ready'; $t.LastTaskResult = 0x41306
  }

  function global:Unregister-ScheduledTask([string]$TaskName, [string]$TaskPath, [switch]$Confirm) {
    Write-PbTaskLog 'Unregister' $TaskName
    [void](Get-PbTask $TaskName $TaskPath)
    $global:PbTasks.Remove("$TaskPath$TaskName")
  }
}
