package io.renderfarm.engine.event;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a job, as every consumer sees it (CLI JSON lines, the site's Server-Sent
 * Events, the Jenkins build page). Serialised flat: {@code {"type":"frame-done","t":1.25,"job":"j1","frame":7,...}}.
 * {@code t} is seconds since the job started. The field set per type is listed in {@link EventType}.
 * Immutable.
 */
@JsonPropertyOrder({"type", "t", "job"})
public final class JobEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final double t;
    private final String job;
    private final Map<String, Object> data;

    public JobEvent(EventType type, double t, String job, Map<String, ?> data) {
        this(type.wireName(), t, job, data);
    }

    private JobEvent(String type, double t, String job, Map<String, ?> data) {
        this.type = Objects.requireNonNull(type, "type");
        this.t = Math.round(t * 1000.0) / 1000.0;
        this.job = job;
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Reads the flat JSON form back (a relayed remote event, a stored event row). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static JobEvent fromMap(Map<String, Object> fields) {
        Map<String, Object> rest = new LinkedHashMap<>(fields);
        Object type = rest.remove("type");
        Object t = rest.remove("t");
        Object job = rest.remove("job");
        if (!(type instanceof String) || !(t instanceof Number)) {
            throw new IllegalArgumentException("an event needs a string 'type' and a numeric 't', got " + fields);
        }
        return new JobEvent((String) type, ((Number) t).doubleValue(), job == null ? null : job.toString(), rest);
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonIgnore
    public EventType eventType() {
        return EventType.fromWireName(type);
    }

    @JsonProperty("t")
    public double t() {
        return t;
    }

    @JsonProperty("job")
    public String job() {
        return job;
    }

    @JsonAnyGetter
    public Map<String, Object> data() {
        return data;
    }

    /** A data field, or null. */
    public Object get(String key) {
        return data.get(key);
    }

    public int intValue(String key) {
        return ((Number) data.get(key)).intValue();
    }

    public String string(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    /** The same event as seen from another job id (a remote job relayed under the local job's id). */
    public JobEvent withJob(String jobId) {
        return new JobEvent(type, t, jobId, data);
    }

    @Override
    public String toString() {
        return type + "@" + t + data;
    }
}
