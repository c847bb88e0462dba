package io.jenkins.plugins.renderfarm.farm;

import hudson.Extension;
import hudson.model.Queue;
import java.util.List;
import jenkins.security.QueueItemAuthenticator;
import jenkins.security.QueueItemAuthenticatorProvider;
import org.springframework.security.core.Authentication;

/**
 * Authenticates chunk queue items as their build ({@link BuildIdentity}), as the Pipeline plugin authenticates the
 * task of a {@code node} block, and with the same precedence over configured authenticators (ordinal 959): the
 * chunk is part of a build that already runs as someone. A build running as the system gives no answer here, so
 * the item falls back to the system, as before.
 */
@Extension(ordinal = 959)
public final class ChunkAuthenticator extends QueueItemAuthenticatorProvider {
    @Override
    public List<QueueItemAuthenticator> getAuthenticators() {
        return List.of(new QueueItemAuthenticator() {
            @Override
            public Authentication authenticate2(Queue.Task task) {
                return task instanceof ChunkTask chunk ? chunk.authentication() : null;
            }
        });
    }
}
