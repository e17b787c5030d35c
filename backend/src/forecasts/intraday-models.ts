import { deserializeIntradayModel, naiveIntradayModel } from '@coincast/ml';
import type { IntradayModelSource } from './intraday-ports';

/** The sub-hour models from ml: its naive intraday baseline, and trained intraday artifacts (registry name 'intraday'). */
export const ML_INTRADAY_MODELS: IntradayModelSource = {
  naive: () => naiveIntradayModel(),
  fromArtifact: (artifact) => deserializeIntradayModel(artifact),
};
