// PageServingTest's page script
export const page = "test";
