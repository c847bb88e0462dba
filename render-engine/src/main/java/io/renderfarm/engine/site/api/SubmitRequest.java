package io.renderfarm.engine.site.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.job.OutputNaming;
import io.renderfarm.engine.site.bundle.BlobQuery;
import io.renderfarm.engine.site.callback.CallbackSignature;
import java.util.List;

/**
 * Body of {@code POST /api/jobs}. Every file must be on the site already (see {@link BlobQuery}); the site answers
 * 409 naming the missing ones otherwise.
 *
 * @param name           a label for people; defaults to the scene's file name
 * @param scene          the scene's path among {@code files}
 * @param files          the scene and everything it needs, relative to the scene's folder
 * @param frames         a frame spec: {@code 1-100}, {@code 1-100x5}, {@code 1,5,9-12}
 * @param profile        the JSON form of a profile ({@link io.renderfarm.engine.job.ProfileReader}); null picks
 *                       the renderer from the scene's extension with default settings
 * @param output         frame naming; null names frames after the scene
 * @param where          local, remote or auto; null means auto
 * @param callbackUrl    where the site posts a signed {@link CompletionNotice} once the job is final (a delegating
 *                       site's {@code /api/jobs/{id}/callback}); null for none
 * @param callbackSecret the key to sign that notice with ({@link CallbackSignature}); required with
 *                       {@code callbackUrl}, never shown by the site
 * @param priority       0..100, higher first when jobs wait for the site's slots; null means 50
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitRequest(
        String name,
        String scene,
        List<FileEntry> files,
        String frames,
        JsonNode profile,
        OutputNaming output,
        Where where,
        String callbackUrl,
        String callbackSecret,
        Integer priority) {

    /** A request without a completion notice, at the default priority. */
    public SubmitRequest(
            String name,
            String scene,
            List<FileEntry> files,
            String frames,
            JsonNode profile,
            OutputNaming output,
            Where where) {
        this(name, scene, files, frames, profile, output, where, null, null, null);
    }

    /** A request at the default priority. */
    public SubmitRequest(
            String name,
            String scene,
            List<FileEntry> files,
            String frames,
            JsonNode profile,
            OutputNaming output,
            Where where,
            String callbackUrl,
            String callbackSecret) {
        this(name, scene, files, frames, profile, output, where, callbackUrl, callbackSecret, null);
    }

    /** This request with {@code value} as its priority. */
    public SubmitRequest withPriority(Integer value) {
        return new SubmitRequest(
                name, scene, files, frames, profile, output, where, callbackUrl, callbackSecret, value);
    }

    @Override
    public String toString() {
        return "SubmitRequest[name=" + name + ", scene=" + scene + ", files=" + (files == null ? 0 : files.size())
                + ", frames=" + frames + ", where=" + where + ", priority=" + priority + ", callbackUrl=" + callbackUrl
                + (callbackSecret == null ? "" : ", callbackSecret=…") + "]";
    }
}
