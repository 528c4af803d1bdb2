import { makeStyles, tokens } from '@fluentui/react-components'

/** Styles of the console's tool dialogs (Import Clients, Lab Fleet, Webhooks): a form column and a bordered list. */
export const useToolStyles = makeStyles({
  surface: { width: '640px', maxWidth: 'calc(100vw - 40px)' },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '200px' },
  narrow: { width: '120px' },
  intro: { color: tokens.colorNeutralForeground2 },
  list: {
    maxHeight: '220px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  item: {
    display: 'flex',
    gap: '8px',
    alignItems: 'center',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    wordBreak: 'break-all',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: '12px',
    rowGap: '2px',
  },
  label: { color: tokens.colorNeutralForeground3 },
})
