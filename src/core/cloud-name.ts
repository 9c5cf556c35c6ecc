/** The name the portal shows when OPF_CLOUD_NAME is not set: the community cloud opf was made for. */
export const DEFAULT_CLOUD_NAME = 'Operate First';
