/** The Resource Manager API versions the checks read with. */
export const API = {
  resourceGroups: "2021-04-01",
  providers: "2021-04-01",
  identities: "2023-01-31",
  galleries: "2024-03-03",
  images: "2024-07-01",
  platformImages: "2024-07-01",
  network: "2024-05-01",
  authorization: "2022-04-01",
};
