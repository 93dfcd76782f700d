package dev.cairn.store.sql;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.core.models.LoggedModelQuery;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.models.NewLoggedModel;
import dev.cairn.core.tracking.Page;
import java.util.List;
import java.util.UUID;

/** The {@link LoggedModelStore} on MLflow's SQL schema, sharing the tracking store's database. */
public final class SqlLoggedModelStore implements LoggedModelStore {
  private final Database db;
  private final LoggedModelSql models;
  private final LoggedModelSearchSql search;

  /** Uses {@code db} without owning it (the tracking store closes it). */
  public SqlLoggedModelStore(Database db) {
    this.db = db;
    this.search = new LoggedModelSearchSql(db.dialect());
    this.models = new LoggedModelSql(db.dialect());
  }

  @Override
  public LoggedModel createLoggedModel(NewLoggedModel model) {
    db.write(
        c -> {
          models.create(c, model);
          return null;
        });
    return getLoggedModel(model.modelId(), false);
  }

  @Override
  public LoggedModel getLoggedModel(String modelId, boolean allowDeleted) {
    return db.read(c -> models.get(c, modelId, allowDeleted));
  }

  @Override
  public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status, long now) {
    db.write(
        c -> {
          models.finalize(c, modelId, status, now);
          return null;
        });
    return getLoggedModel(modelId, false);
  }

  @Override
  public void deleteLoggedModel(String modelId, long now) {
    db.write(
        c -> {
          models.delete(c, modelId, now);
          return null;
        });
  }

  @Override
  public void setLoggedModelTags(String modelId, List<Tag> tags) {
    db.write(
        c -> {
          models.upsertTags(c, modelId, models.require(c, modelId), tags);
          return null;
        });
  }

  @Override
  public void deleteLoggedModelTag(String modelId, String key) {
    db.write(
        c -> {
          models.deleteTag(c, modelId, key);
          return null;
        });
  }

  @Override
  public void logLoggedModelParams(String modelId, List<Param> params) {
    db.write(
        c -> {
          models.insertParams(c, modelId, models.require(c, modelId), params);
          return null;
        });
  }

  @Override
  public Page<LoggedModel> searchLoggedModels(LoggedModelQuery query) {
    SqlFragment sql = search.compile(query);
    return db.read(
        c -> {
          List<LoggedModel> rows = models.load(c, sql.sql.toString(), sql.argArray());
          boolean more = rows.size() > query.maxResults();
          return new Page<>(more ? rows.subList(0, query.maxResults()) : rows, more);
        });
  }

  @Override
  public void logOutputs(String runId, List<ModelOutput> outputs) {
    db.write(
        c -> {
          RunSql.requireActive(c, runId);
          for (ModelOutput m : outputs) {
            // The same output twice is kept once (the primary key), not an error.
            Jdbc.update(
                c,
                db.dialect().insertIgnorePrefix()
                    + "inputs (input_uuid, source_type, source_id, destination_type,"
                    + " destination_id, step) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?, ?)"
                    + db.dialect().insertIgnoreSuffix(),
                UUID.randomUUID().toString().replace("-", ""),
                runId,
                m.modelId(),
                m.step());
          }
          return null;
        });
  }
}
