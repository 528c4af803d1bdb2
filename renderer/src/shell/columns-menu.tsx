import {
  Button,
  Menu,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type MenuProps,
} from '@fluentui/react-components'
import { ColumnTripleEditRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../store-context'

/** Column chooser: shows or hides the columns of the current list (saved in prefs.hiddenColumns). */
export const ColumnsMenu = observer(function ColumnsMenu() {
  const root = useRoot()
  const { results } = root.ui
  const setKey = results.view.setKey
  const hidden = new Set(root.prefs.hiddenColumns(setKey))
  const shown = results.allColumns.filter((c) => c.fixed || !hidden.has(c.id)).map((c) => c.id)
  const onChange: MenuProps['onCheckedValueChange'] = (_, { checkedItems }) => {
    const next = new Set(checkedItems)
    for (const c of results.allColumns) {
      if (c.fixed) continue
      const wantHidden = !next.has(c.id)
      if (wantHidden !== hidden.has(c.id)) root.prefs.setColumnHidden(setKey, c.id, wantHidden)
    }
  }
  return (
    <Menu checkedValues={{ columns: shown }} onCheckedValueChange={onChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          size="small"
          icon={<ColumnTripleEditRegular />}
          disabled={!!results.view.placeholder}
          data-testid="columns-button"
        >
          Columns
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList data-testid="columns-menu">
          {results.allColumns.map((c) => (
            <MenuItemCheckbox key={c.id} name="columns" value={c.id} disabled={c.fixed}>
              {c.label}
            </MenuItemCheckbox>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
})
