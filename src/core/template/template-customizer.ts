/**
 * A customizer of the rendered template, the one shape rendering, the log analyzer and the
 * summary name it by, so build logs can be traced back to a repository file.
 */
export interface TemplateCustomizer {
  /** Position in the template's `properties.customize`, counted from 0. */
  index: number;
  name?: string;
  /** Image Builder's customizer type (Shell, PowerShell, File, WindowsRestart, WindowsUpdate). */
  type: string;
  /** Workspace-relative path of the local script or file it runs or copies. */
  sourceFile?: string;
}

/**
 * A customizer as a build log shows it: each field null where the log cannot tell (a step
 * outside the template's customizers, or a log read without the template).
 */
export type LoggedCustomizer = {
  [K in keyof TemplateCustomizer]-?: NonNullable<TemplateCustomizer[K]> | null;
};

/** Index, name and type of one entry of `properties.customize`; sourceFile is the caller's. */
export function templateCustomizer(item: unknown, index: number): TemplateCustomizer {
  const fields = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
  return {
    index,
    name: typeof fields.name === "string" ? fields.name : undefined,
    type: typeof fields.type === "string" ? fields.type : "unknown",
  };
}
