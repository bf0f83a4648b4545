import { Text, View } from '@tarojs/components';
import './Chips.css';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A single-choice row of chips (收款方式, 预算项类型 …). Each chip is its own box and the chosen
 * one is filled and ticked, so the choice is visible without colour alone. The styles live
 * with the component: a chip row in any package (main, crowdfund, staff) looks the same.
 * Element ids: `<idPrefix>-<value>`; the chosen chip has class `ui-chip--on` and aria-checked.
 */
export function ChoiceChips<T extends string>({
  id,
  idPrefix,
  options,
  value,
  onChange,
}: {
  id?: string;
  idPrefix: string;
  options: ReadonlyArray<ChipOption<T>>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <View className="ui-chips" id={id} role="radiogroup">
      {options.map((o) => {
        const on = o.value === value;
        return (
          <View
            key={o.value}
            id={`${idPrefix}-${o.value}`}
            className={`ui-chip${on ? ' ui-chip--on' : ''}`}
            role="radio"
            aria-checked={on}
            onClick={() => onChange(o.value)}
          >
            {on && <Text className="ui-chip__tick">✓</Text>}
            <Text className="ui-chip__label">{o.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
