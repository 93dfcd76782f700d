// The REST API the UI talks to: MLflow's /ajax-api/2.0 routes plus Cairn's /ajax-api/2.0/cairn/
// additions. URLs are relative to the page, so the UI works under any --static-prefix.

export type KeyValue = { key: string; value: string };
export type Metric = { key: string; value: number | string; timestamp: number; step: number };

export type Experiment = {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage: "active" | "deleted";
  creation_time?: number;
  last_update_time?: number;
  tags?: KeyValue[];
};

export type RunInfo = {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage: string;
};

export type DatasetInput = {
  dataset: { name: string; digest: string; source_type?: string; source?: string; schema?: string; profile?: string };
  tags?: KeyValue[];
};

export type Run = {
  info: RunInfo;
  data: { metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: DatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs?: { model_outputs?: { model_id: string; step: number }[] };
};

export type LoggedModel = {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms?: number;
    last_updated_timestamp_ms?: number;
    artifact_uri?: string;
    status?: string;
    model_type?: string;
    source_run_id?: string;
    status_message?: string;
    tags?: KeyValue[];
  };
  data?: { params?: KeyValue[]; metrics?: Metric[] };
};

export type FileInfo = { path: string; is_dir: boolean; file_size?: number };

export type Bucket = {
  step: number;
  last_step: number;
  timestamp: number;
  value: number | string;
  min: number | string;
  max: number | string;
  count: number;
};

export type ModelVersion = {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: KeyValue[];
  aliases?: string[];
  model_id?: string;
};

export type RegisteredModel = {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
};

/** An error answered by the server, with MLflow's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const API = "ajax-api/2.0/";

export function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

const call = <T>(method: Method, path: string, body?: unknown) => request<T>(method, API + path, body);

/** A JSON call to {@code url} (relative to the page); an error answer throws its {@link ApiError}. */
export async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, "NETWORK_ERROR", "The server could not be reached: " + String(e));
  }
  const text = await res.text();
  let json: unknown = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    if (!res.ok) throw new ApiError(res.status, "HTTP_" + res.status, text.slice(0, 500));
  }
  if (!res.ok) {
    const e = json as { error_code?: string; message?: string };
    throw new ApiError(res.status, e.error_code ?? "HTTP_" + res.status, e.message ?? text.slice(0, 500));
  }
  return json as T;
}

const get = <T>(path: string, params: Record<string, unknown> = {}) => call<T>("GET", path + query(params));
const post = <T>(path: string, body: unknown) => call<T>("POST", path, body);

export type SearchRunsRequest = {
  experiment_ids: string[];
  filter?: string;
  order_by?: string[];
  run_view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
  max_results?: number;
  page_token?: string;
};

export const api = {
  searchExperiments: (req: { filter?: string; view_type?: string; max_results?: number; page_token?: string; order_by?: string[] }) =>
    post<{ experiments?: Experiment[]; next_page_token?: string }>("mlflow/experiments/search", req),
  getExperiment: (id: string) => get<{ experiment: Experiment }>("mlflow/experiments/get", { experiment_id: id }),
  createExperiment: (name: string) => post<{ experiment_id: string }>("mlflow/experiments/create", { name }),
  renameExperiment: (id: string, name: string) =>
    post<object>("mlflow/experiments/update", { experiment_id: id, new_name: name }),
  deleteExperiment: (id: string) => post<object>("mlflow/experiments/delete", { experiment_id: id }),
  restoreExperiment: (id: string) => post<object>("mlflow/experiments/restore", { experiment_id: id }),
  setExperimentTag: (id: string, key: string, value: string) =>
    post<object>("mlflow/experiments/set-experiment-tag", { experiment_id: id, key, value }),
  deleteExperimentTag: (id: string, key: string) =>
    post<object>("mlflow/experiments/delete-experiment-tag", { experiment_id: id, key }),
  runCounts: (ids: string[]) =>
    get<{ counts?: { experiment_id: string; active: number; deleted: number }[] }>("cairn/experiments/run-counts", {
      experiment_ids: ids,
    }),

  searchRuns: (req: SearchRunsRequest) => post<{ runs?: Run[]; next_page_token?: string }>("mlflow/runs/search", req),
  getRun: (id: string) => get<{ run: Run }>("mlflow/runs/get", { run_id: id }),
  setTag: (runId: string, key: string, value: string) => post<object>("mlflow/runs/set-tag", { run_id: runId, key, value }),
  deleteTag: (runId: string, key: string) => post<object>("mlflow/runs/delete-tag", { run_id: runId, key }),
  deleteRun: (id: string) => post<object>("mlflow/runs/delete", { run_id: id }),
  restoreRun: (id: string) => post<object>("mlflow/runs/restore", { run_id: id }),

  downsampled: (runIds: string[], key: string, buckets: number, range?: [number, number]) =>
    get<{ series?: { run_id: string; buckets?: Bucket[] }[] }>("cairn/metrics/get-history-downsampled", {
      run_ids: runIds,
      metric_key: key,
      max_buckets: buckets,
      start_step: range ? Math.floor(range[0]) : undefined,
      end_step: range ? Math.ceil(range[1]) : undefined,
    }),

  listArtifacts: (runId: string, path: string) =>
    get<{ root_uri?: string; files?: FileInfo[] }>("mlflow/artifacts/list", { run_id: runId, path: path || undefined }),

  getLoggedModel: (id: string) => get<{ model: LoggedModel }>(`mlflow/logged-models/${encodeURIComponent(id)}`),
  listLoggedModelArtifacts: (id: string, path: string) =>
    get<{ files?: FileInfo[] }>(`mlflow/logged-models/${encodeURIComponent(id)}/artifacts/directories`, {
      artifact_directory_path: path || undefined,
    }),

  searchModels: (filter: string, pageToken?: string) =>
    get<{ registered_models?: RegisteredModel[]; next_page_token?: string }>("mlflow/registered-models/search", {
      filter,
      max_results: 100,
      page_token: pageToken,
    }),
  createModel: (name: string) => post<object>("mlflow/registered-models/create", { name }),
  createVersion: (name: string, source: string, runId: string, modelId?: string) =>
    post<{ model_version: ModelVersion }>("mlflow/model-versions/create", { name, source, run_id: runId, model_id: modelId }),
  getModel: (name: string) => get<{ registered_model: RegisteredModel }>("mlflow/registered-models/get", { name }),
  updateModel: (name: string, description: string) =>
    call<object>("PATCH", "mlflow/registered-models/update", { name, description }),
  setModelTag: (name: string, key: string, value: string) =>
    post<object>("mlflow/registered-models/set-tag", { name, key, value }),
  deleteModelTag: (name: string, key: string) =>
    call<object>("DELETE", "mlflow/registered-models/delete-tag", { name, key }),
  setAlias: (name: string, alias: string, version: string) =>
    post<object>("mlflow/registered-models/alias", { name, alias, version }),
  deleteAlias: (name: string, alias: string) =>
    call<object>("DELETE", "mlflow/registered-models/alias", { name, alias }),
  searchVersions: (name: string) =>
    get<{ model_versions?: ModelVersion[] }>("mlflow/model-versions/search", {
      filter: `name='${name.replace(/'/g, "\\'")}'`,
      max_results: 1000,
    }),
  getVersion: (name: string, version: string) =>
    get<{ model_version: ModelVersion }>("mlflow/model-versions/get", { name, version }),
  updateVersion: (name: string, version: string, description: string) =>
    call<object>("PATCH", "mlflow/model-versions/update", { name, version, description }),
  transitionStage: (name: string, version: string, stage: string) =>
    post<object>("mlflow/model-versions/transition-stage", { name, version, stage, archive_existing_versions: false }),
};

/** Where a run's artifact file downloads from (the server's own route, outside /ajax-api). */
export function artifactUrl(runId: string, path: string): string {
  return "get-artifact" + query({ path, run_uuid: runId });
}

/** A file of a logged model's artifacts. */
export function loggedModelFileUrl(modelId: string, path: string): string {
  return `ajax-api/2.0/mlflow/logged-models/${encodeURIComponent(modelId)}/artifacts/files` + query({ artifact_file_path: path });
}

/** A folder of a run's artifacts as one zip file (Cairn's route). */
export function artifactZipUrl(runId: string, path: string): string {
  return "ajax-api/2.0/cairn/artifacts/download-zip" + query({ run_id: runId, path });
}

/** The last {@code bytes} of an artifact file, through a Range request. */
export async function artifactTail(runId: string, path: string, bytes: number): Promise<{ text: string; truncated: boolean }> {
  const res = await fetch(artifactUrl(runId, path), { headers: { Range: `bytes=-${bytes}` } });
  if (!res.ok && res.status !== 206) throw new ApiError(res.status, "HTTP_" + res.status, await res.text());
  const text = await res.text();
  const range = res.headers.get("Content-Range");
  const total = range ? Number(range.split("/")[1]) : text.length;
  return { text, truncated: res.status === 206 && total > bytes };
}
