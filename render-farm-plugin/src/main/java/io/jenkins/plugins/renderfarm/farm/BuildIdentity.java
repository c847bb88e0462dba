package io.jenkins.plugins.renderfarm.farm;

import hudson.model.User;
import hudson.security.ACL;
import java.io.Serializable;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Who a render acts as: the authentication its build runs with, taken when the step starts (on the Pipeline's
 * thread, which runs as the build's queue item authentication), as {@code node} blocks take it. System unless an
 * authorization plugin (Authorize Project) gives builds an identity; then the render's chunks are queue items of
 * that user, so {@code Agent/Build} decides which agents render them, and the render's own work on the controller
 * runs as that user. Kept by name, as the Pipeline keeps it, and serialisable with the step.
 */
public final class BuildIdentity implements Serializable {
    private static final long serialVersionUID = 1L;
    /** As a build that runs as the system, the historical default. */
    public static final BuildIdentity SYSTEM = new BuildIdentity(null);

    /** The user's id; null for the system. */
    private final String user;

    private BuildIdentity(String user) {
        this.user = user;
    }

    /** The identity the calling thread runs as (the build's, on a Pipeline step's start). */
    public static BuildIdentity current() {
        Authentication auth = Jenkins.getAuthentication2();
        return ACL.SYSTEM2.equals(auth) ? SYSTEM : new BuildIdentity(auth.getName());
    }

    public boolean isSystem() {
        return user == null;
    }

    /**
     * The authentication to act as: the system, anonymous, or the user as the security realm knows them now; a
     * user the realm no longer knows gets anonymous, never more.
     */
    public Authentication authentication() {
        if (user == null) {
            return ACL.SYSTEM2;
        }
        if (Jenkins.ANONYMOUS2.getName().equals(user)) {
            return Jenkins.ANONYMOUS2;
        }
        User u = User.getById(user, false);
        if (u == null) {
            return Jenkins.ANONYMOUS2;
        }
        try {
            return u.impersonate2();
        } catch (UsernameNotFoundException gone) {
            return Jenkins.ANONYMOUS2;
        }
    }

    /** For log lines: the user's id, or {@code SYSTEM} (the name Jenkins shows for the system). */
    public String name() {
        return user == null ? "SYSTEM" : user;
    }

    private Object readResolve() {
        return user == null ? SYSTEM : this;
    }

    @Override
    public String toString() {
        return "BuildIdentity[" + name() + "]";
    }
}
