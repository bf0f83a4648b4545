/**
 * The accessible name of a form control (Input, Textarea, Switch) whose label is a separate
 * text beside it. WeChat reads `aria-label` on the component; Taro's H5 components wrap a
 * native <input>, which gets the name through `nativeProps`.
 */
export function fieldName(label: string): { 'aria-label': string; nativeProps: Record<string, string> } {
  return { 'aria-label': label, nativeProps: { 'aria-label': label } };
}
