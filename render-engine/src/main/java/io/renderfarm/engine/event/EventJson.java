package io.renderfarm.engine.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.renderfarm.engine.event.JobEvent.AwaitingApproval;
import io.renderfarm.engine.event.JobEvent.Canceled;
import io.renderfarm.engine.event.JobEvent.ChunkFailed;
import io.renderfarm.engine.event.JobEvent.ChunkFinished;
import io.renderfarm.engine.event.JobEvent.ChunkLog;
import io.renderfarm.engine.event.JobEvent.ChunkStarted;
import io.renderfarm.engine.event.JobEvent.Decision;
import io.renderfarm.engine.event.JobEvent.FrameDone;
import io.renderfarm.engine.event.JobEvent.JobFinished;
import io.renderfarm.engine.event.JobEvent.JobStalled;
import io.renderfarm.engine.event.JobEvent.JobStarted;
import io.renderfarm.engine.event.JobEvent.Progress;
import io.renderfarm.engine.event.JobEvent.Sample;
import io.renderfarm.engine.event.JobEvent.SlotBlocklisted;
import io.renderfarm.engine.event.JobEvent.Unknown;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flat JSON form of a {@link JobEvent}: {@code type}, {@code t} and {@code job} first, then the record's fields
 * in their declared order, a null field left out ({@code skipped} of {@code frame-done} appears only when true).
 * The one place that knows the events' field names as strings; Jackson uses it for {@link JobEvent} through the
 * {@link Serializer} and {@link Deserializer} named on the interface. Reading is lenient like a client's: a field a
 * newer producer added is ignored, a missing number reads as 0, and a type this engine does not know becomes an
 * {@link Unknown} event that writes out as it was read. Over 100 lines because it lists every field of every type.
 */
public final class EventJson {
    private EventJson() {}

    /** The event as a flat map of JSON values, in wire order. */
    public static Map<String, Object> toFields(JobEvent e) {
        Fields f = new Fields();
        f.put("type", e.type());
        f.put("t", e.t());
        f.map.put("job", e.job()); // written even when null, as every consumer has always read it
        if (e instanceof JobStarted s) {
            f.put("frames", s.frames()).put("total", s.total()).put("renderer", s.renderer());
            f.put("slots", s.slots())
                    .put("site", s.site())
                    .put("where", s.where())
                    .put("run", s.run());
        } else if (e instanceof Decision d) {
            f.put("where", d.where()).put("reason", d.reason()).put("site", d.site());
        } else if (e instanceof ChunkStarted c) {
            f.put("chunk", c.chunk()).put("frames", c.frames()).put("slot", c.slot());
            f.put("pass", c.pass()).put("attempt", c.attempt());
        } else if (e instanceof Progress p) {
            f.put("chunk", p.chunk()).put("frame", p.frame()).put("fraction", p.fraction());
            f.put("done", p.done()).put("total", p.total()).put("eta", p.eta());
        } else if (e instanceof ChunkFailed c) {
            f.put("chunk", c.chunk()).put("slot", c.slot()).put("reason", c.reason());
            f.put("willRetry", c.willRetry())
                    .put("frames", c.frames())
                    .put("kind", c.kind())
                    .put("frame", c.frame());
        } else if (e instanceof ChunkFinished c) {
            f.put("chunk", c.chunk()).put("frames", c.frames());
        } else if (e instanceof ChunkLog l) {
            f.put("chunk", l.chunk())
                    .put("attempt", l.attempt())
                    .put("pass", l.pass())
                    .put("frames", l.frames());
            f.put("slot", l.slot())
                    .put("host", l.host())
                    .put("started", l.started())
                    .put("ended", l.ended());
            f.put("state", l.state())
                    .put("exitCode", l.exitCode())
                    .put("reason", l.reason())
                    .put("kind", l.kind());
            f.put("tail", l.tail()).put("path", l.path()).put("chars", l.chars());
            f.put("truncated", l.truncated()).put("file", l.file());
        } else if (e instanceof SlotBlocklisted b) {
            f.put("slot", b.slot()).put("reason", b.reason());
        } else if (e instanceof Sample s) {
            f.put("frame", s.frame())
                    .put("kind", s.kind())
                    .put("path", s.path())
                    .put("name", s.name());
        } else if (e instanceof FrameDone d) {
            f.put("frame", d.frame()).put("path", d.path()).put("sha256", d.sha256());
            f.put("width", d.width()).put("height", d.height());
            f.put("done", d.done()).put("total", d.total()).put("skipped", d.skipped() ? true : null);
            f.put("file", d.file()).put("bytes", d.bytes());
        } else if (e instanceof AwaitingApproval a) {
            f.put("previews", a.previews());
        } else if (e instanceof Canceled c) {
            f.put("reason", c.reason());
        } else if (e instanceof JobFinished j) {
            f.put("state", j.state()).put("done", j.done()).put("total", j.total());
            f.put("failed", j.failed()).put("reason", j.reason());
        } else if (e instanceof JobStalled s) {
            f.put("reason", s.reason());
        } else if (e instanceof Unknown u) {
            f.map.putAll(u.fields());
        }
        return f.map;
    }

    /**
     * Reads the flat form back (a relayed remote event, a stored event row, a JSON line).
     *
     * @throws IllegalArgumentException when {@code type} is not a string, {@code t} not a number, or a field has
     *     the wrong JSON type
     */
    public static JobEvent fromFields(Map<String, ?> fields) {
        Object type = fields.get("type");
        Object time = fields.get("t");
        if (!(type instanceof String) || !(time instanceof Number)) {
            throw new IllegalArgumentException("an event needs a string 'type' and a numeric 't', got " + fields);
        }
        double t = ((Number) time).doubleValue();
        Read r = new Read((String) type, fields);
        String job = r.string("job");
        Optional<EventType> known = EventType.byWireName((String) type);
        if (known.isEmpty()) {
            Map<String, Object> rest = new LinkedHashMap<>(fields);
            rest.keySet().removeAll(List.of("type", "t", "job"));
            return new Unknown((String) type, t, job, rest);
        }
        return switch (known.get()) {
            case JOB_STARTED ->
                new JobStarted(
                        t,
                        job,
                        r.string("frames"),
                        r.integer("total"),
                        r.string("renderer"),
                        r.integer("slots"),
                        r.string("site"),
                        r.string("where"),
                        r.optionalInteger("run"));
            case DECISION -> new Decision(t, job, r.string("where"), r.string("reason"), r.string("site"));
            case CHUNK_STARTED ->
                new ChunkStarted(
                        t,
                        job,
                        r.integer("chunk"),
                        r.string("frames"),
                        r.string("slot"),
                        r.string("pass"),
                        r.integer("attempt"));
            case PROGRESS ->
                new Progress(
                        t,
                        job,
                        r.integer("chunk"),
                        r.integer("frame"),
                        r.number("fraction").doubleValue(),
                        r.integer("done"),
                        r.integer("total"),
                        r.optionalLong("eta"));
            case CHUNK_FAILED ->
                new ChunkFailed(
                        t,
                        job,
                        r.integer("chunk"),
                        r.string("slot"),
                        r.string("reason"),
                        r.bool("willRetry"),
                        r.string("frames"),
                        r.string("kind"),
                        r.optionalInteger("frame"));
            case CHUNK_FINISHED -> new ChunkFinished(t, job, r.integer("chunk"), r.string("frames"));
            case CHUNK_LOG ->
                new ChunkLog(
                        t,
                        job,
                        r.integer("chunk"),
                        r.integer("attempt"),
                        r.string("pass"),
                        r.string("frames"),
                        r.string("slot"),
                        r.string("host"),
                        r.string("started"),
                        r.string("ended"),
                        r.string("state"),
                        r.optionalInteger("exitCode"),
                        r.string("reason"),
                        r.string("kind"),
                        r.strings("tail"),
                        r.string("path"),
                        r.number("chars").longValue(),
                        r.bool("truncated"),
                        r.string("file"));
            case SLOT_BLOCKLISTED -> new SlotBlocklisted(t, job, r.string("slot"), r.string("reason"));
            case SAMPLE -> new Sample(t, job, r.integer("frame"), r.string("kind"), r.string("path"), r.string("name"));
            case FRAME_DONE ->
                new FrameDone(
                        t,
                        job,
                        r.integer("frame"),
                        r.string("path"),
                        r.string("sha256"),
                        r.optionalInteger("width"),
                        r.optionalInteger("height"),
                        r.optionalInteger("done"),
                        r.optionalInteger("total"),
                        r.bool("skipped"),
                        r.string("file"),
                        r.optionalLong("bytes"));
            case AWAITING_APPROVAL -> new AwaitingApproval(t, job, r.optionalInteger("previews"));
            case CANCELED -> new Canceled(t, job, r.string("reason"));
            case JOB_FINISHED ->
                new JobFinished(
                        t,
                        job,
                        r.string("state"),
                        r.integer("done"),
                        r.integer("total"),
                        r.string("failed"),
                        r.string("reason"));
            case JOB_STALLED -> new JobStalled(t, job, r.string("reason"));
        };
    }

    /** The same event with another {@code t} and {@code job}. */
    static JobEvent restamp(JobEvent e, double t, String job) {
        Map<String, Object> fields = toFields(e);
        fields.put("t", t);
        fields.put("job", job);
        return fromFields(fields);
    }

    /** Writes a {@link JobEvent} in its flat form. */
    public static final class Serializer extends JsonSerializer<JobEvent> {
        @Override
        public void serialize(JobEvent e, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(toFields(e), gen);
        }
    }

    /** Reads a {@link JobEvent} from its flat form. */
    public static final class Deserializer extends JsonDeserializer<JobEvent> {
        @Override
        @SuppressWarnings("unchecked")
        public JobEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Map<String, Object> fields = p.readValueAs(Map.class);
            try {
                return fromFields(fields);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    /** A map in insertion order that leaves nulls out. */
    private static final class Fields {
        private final Map<String, Object> map = new LinkedHashMap<>();

        Fields put(String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
            return this;
        }
    }

    /** Typed reads of one event's fields, each failure naming the event type and the field. */
    private record Read(String type, Map<String, ?> fields) {
        String string(String key) {
            Object v = fields.get(key);
            return v == null ? null : v.toString();
        }

        Number number(String key) {
            Object v = fields.get(key);
            if (v == null) {
                return 0;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(
                        "a '" + type + "' event's '" + key + "' must be a number, got '" + v + "'");
            }
            return n;
        }

        int integer(String key) {
            return number(key).intValue();
        }

        Integer optionalInteger(String key) {
            return fields.get(key) == null ? null : number(key).intValue();
        }

        Long optionalLong(String key) {
            return fields.get(key) == null ? null : number(key).longValue();
        }

        boolean bool(String key) {
            return Boolean.TRUE.equals(fields.get(key));
        }

        List<String> strings(String key) {
            Object v = fields.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                throw new IllegalArgumentException(
                        "a '" + type + "' event's '" + key + "' must be a list, got '" + v + "'");
            }
            return list.stream().map(String::valueOf).toList();
        }
    }
}
