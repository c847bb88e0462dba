package io.renderfarm.engine.capability;

/**
 * Combines label expressions the way Jenkins parses them: the engine's expression for a profile (renderer,
 * version, GPU) narrowed by an administrator's own expression such as an agent pool. The extra expression is
 * parenthesised, so its {@code ||} cannot widen the profile's requirements.
 */
public final class LabelExpressions {
    private LabelExpressions() {}

    /**
     * {@code base && (pool)}, or {@code base} alone when the pool is blank.
     *
     * @param base the profile's expression, from {@link CapabilityLabels#labelExpression}
     * @param pool an extra expression the agents must also match, such as {@code render-pool && !laptop}
     */
    public static String withPool(String base, String pool) {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("a profile's label expression must not be empty");
        }
        String extra = pool == null ? "" : pool.strip();
        return extra.isEmpty() ? base : base + " && (" + extra + ")";
    }
}
