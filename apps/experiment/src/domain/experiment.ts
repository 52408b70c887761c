export type ExperimentStatus = 'draft' | 'running' | 'stopped';

export interface Variant {
  name: string;
  /** A version number or an alias of the experiment's model, as OIP's model_version. */
  modelVersion: string;
  /** Share of traffic in (0, 1]; an experiment's weights sum to 1. */
  weight: number;
}

export interface Experiment {
  id: string;
  tenantId: string;
  name: string;
  /** The registered model's name. */
  model: string;
  status: ExperimentStatus;
  variants: Variant[];
  createdBy: string;
  createdAt: Date;
}

export interface CreateExperimentInput {
  name: string;
  model: string;
  variants: Variant[];
}
