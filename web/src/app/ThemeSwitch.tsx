import { Switch } from '@patternfly/react-core/dist/esm/components/Switch';
import { useTheme } from '../shared/theme.ts';

export function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  return (
    <Switch
      id="opf-theme-switch"
      data-test="theme-switch"
      label={
        <>
          Dark<span className="opf-wide-only"> theme</span>
        </>
      }
      isChecked={theme === 'dark'}
      onChange={(_event, checked) => setTheme(checked ? 'dark' : 'light')}
    />
  );
}
