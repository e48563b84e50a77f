/**
 * Image Builder keeps the source image's Hyper-V generation and security type: the gallery
 * image definition it publishes to has to say the same, or the build fails at distribution.
 * The rules are Image Builder's, from "Confidential VM and Trusted Launch Support" and
 * "Hyper-V generation" in https://learn.microsoft.com/azure/virtual-machines/image-builder-overview
 */

export interface ImageTraits {
  /** "V1" or "V2"; undefined when the image does not say. */
  generation?: string;
  /** The SecurityType feature; undefined for a standard image. */
  securityType?: string;
}

interface Capabilities {
  trustedLaunch: boolean;
  confidential: boolean;
  /** Only VMs of that security type can be made from it (TrustedLaunch, ConfidentialVM). */
  required: boolean;
}

function capabilities(securityType: string | undefined): Capabilities {
  const t = (securityType ?? "").toLowerCase();
  return {
    trustedLaunch: t.startsWith("trustedlaunch"),
    confidential: t.includes("confidentialvm"),
    required: t === "trustedlaunch" || t === "confidentialvm",
  };
}

function isStandard(c: Capabilities): boolean {
  return !c.trustedLaunch && !c.confidential;
}

export function securityTypeOf(features: Array<{ name?: string; value?: string }> | undefined) {
  const value = features?.find((f) => f.name?.toLowerCase() === "securitytype")?.value;
  return value && value.toLowerCase() !== "standard" ? value : undefined;
}

export type Mismatch =
  | { kind: "generation"; source: string; definition: string }
  | { kind: "source-security-type"; source: string }
  | { kind: "security-type"; source?: string; definition?: string }
  /**
   * A Trusted Launch or confidential capable source published to a standard definition: the
   * docs call it unsupported, yet definitions made before Trusted Launch became the default
   * for Gen2 are standard, and builds to them are common: warned of, not stopped.
   */
  | { kind: "secure-source-standard-definition"; source: string };

/** What keeps a build from `source` from being published to `definition`, if anything. */
export function mismatch(source: ImageTraits, definition: ImageTraits): Mismatch | undefined {
  const from = capabilities(source.securityType);
  const to = capabilities(definition.securityType);
  if (from.required) return { kind: "source-security-type", source: source.securityType! };
  if (
    source.generation &&
    definition.generation &&
    source.generation.toUpperCase() !== definition.generation.toUpperCase()
  )
    return { kind: "generation", source: source.generation, definition: definition.generation };
  if (!isStandard(from) && isStandard(to))
    return { kind: "secure-source-standard-definition", source: source.securityType! };
  const compatible =
    isStandard(from) === isStandard(to) &&
    (isStandard(from) ||
      (from.trustedLaunch && to.trustedLaunch) ||
      (from.confidential && to.confidential));
  if (!compatible)
    return {
      kind: "security-type",
      source: source.securityType,
      definition: definition.securityType,
    };
  return undefined;
}
