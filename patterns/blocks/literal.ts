/**
 * Terraform reads `${` and `%{` in any JSON string as template syntax, so a user's
 * text (a filter value, a JMESPath) must have them escaped to arrive unchanged.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
