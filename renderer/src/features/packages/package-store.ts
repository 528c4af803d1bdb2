import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { ChannelInput } from '../../../../shared/contract'
import type { PackageDto, PackageInput, ProgramDto, ProgramInput } from '../../../../shared/dto/package'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** Software distribution packages and their programs. */
export class PackageStore {
  items: PackageDto[] = []
  loaded = false

  constructor(
    readonly root: RootStore,
    private readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, items: observable.ref }, { autoBind: true })
  }

  /** Reloads every package. */
  async refresh(): Promise<void> {
    const items = await this.transport.invoke('packages:list', {})
    runInAction(() => {
      this.items = items
      this.loaded = true
    })
  }

  /** Packages by ID. */
  get byId(): Map<string, PackageDto> {
    return new Map(this.items.map((p) => [p.id, p]))
  }

  /** Packages by name. */
  get sorted(): PackageDto[] {
    return [...this.items].sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Creates a package. */
  async create(input: PackageInput): Promise<PackageDto> {
    const created = await this.transport.invoke('packages:create', input)
    await this.refresh()
    return created
  }

  /** Changes a package. */
  async update(input: ChannelInput<'packages:update'>): Promise<PackageDto> {
    const updated = await this.transport.invoke('packages:update', input)
    await this.refresh()
    return updated
  }

  /** Deletes a package. */
  async remove(id: string): Promise<void> {
    await this.transport.invoke('packages:delete', { id })
    await this.refresh()
  }

  /** Adds a program to a package. */
  async createProgram(input: ProgramInput): Promise<ProgramDto> {
    const created = await this.transport.invoke('programs:create', input)
    await this.refresh()
    return created
  }

  /** Changes a program. */
  async updateProgram(input: ChannelInput<'programs:update'>): Promise<ProgramDto> {
    const updated = await this.transport.invoke('programs:update', input)
    await this.refresh()
    return updated
  }

  /** Removes a program from its package. */
  async removeProgram(packageId: string, programName: string): Promise<void> {
    await this.transport.invoke('programs:delete', { packageId, programName })
    await this.refresh()
  }
}
