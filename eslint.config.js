import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "generated/**",
      "node_modules/**",
      "coverage/**",
      ".build/**",
      ".tmp/**",
      "tools/node24/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@actions/*"],
              message: "src/core talks to the CI system through the Host interface only.",
            },
            {
              group: ["azure-pipelines-task-lib", "azure-pipelines-task-lib/*"],
              message: "src/core talks to the CI system through the Host interface only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      "test/**/*.ts",
      "tools/**/*.ts",
      "bench/**/*.ts",
      "local-azure/**/*.ts",
      "local-ci/**/*.ts",
    ],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
