/**
 * Terraform reads `${` and `%{` in any JSON string as template syntax, so text from the
 * team's settings (a filter value, an idempotency-key JMESPath, a tenant name) is escaped
 * (`$${`, `%%{`) to arrive unchanged.
 */
export function literal(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
