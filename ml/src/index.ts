export const ML_PACKAGE = '@coincast/ml';
