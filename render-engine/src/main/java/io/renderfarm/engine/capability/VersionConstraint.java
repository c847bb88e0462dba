package io.renderfarm.engine.capability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which versions of a render package a profile accepts. Immutable and thread-safe.
 *
 * <p>Syntax of {@link #parse(String)}: terms separated by spaces or commas, all of which must hold.
 * <ul>
 *   <li>empty (or {@code *}, {@code x}) — any version;</li>
 *   <li>{@code 3.4} — that prefix: 3.4, 3.4.0, 3.4.1 … but not 3.40; {@code 3.4.1} likewise allows 3.4.1 and
 *       3.4.1.2; {@code =3.4} means the same;</li>
 *   <li>{@code 3.x}, {@code 3.4.x}, {@code 3.*} — the prefix before the wildcard;</li>
 *   <li>{@code >=3.0}, {@code >3.0}, {@code <=3.6}, {@code <4} — comparisons; a space after the operator is
 *       allowed ({@code >= 3.0}).</li>
 * </ul>
 * Versions compare numerically component by component, a missing component counting as 0, so
 * {@code 3 == 3.0 < 3.4 < 3.10}. Anything else is refused with an {@link IllegalArgumentException} naming the
 * bad term.
 */
public final class VersionConstraint {
    private static final Pattern TERM = Pattern.compile("(>=|<=|==|>|<|=)?(.*)");
    private static final Pattern NUMBERS = Pattern.compile("\\d+(?:\\.\\d+)*");
    private static final Pattern PREFIX = Pattern.compile("(\\d+(?:\\.\\d+)*)(?:\\.[xX*])?|[xX*]");
    private static final Pattern LEADING_NUMBERS = Pattern.compile("^\\s*v?(\\d+(?:\\.\\d+)*)");
    private static final VersionConstraint ANY = new VersionConstraint("", List.of());

    private final String text;
    private final List<Term> terms;

    private VersionConstraint(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** The constraint that allows every version. */
    public static VersionConstraint any() {
        return ANY;
    }

    /** Parses a constraint, see the class Javadoc; null or blank is {@link #any()}. */
    public static VersionConstraint parse(String constraint) {
        if (constraint == null || constraint.isBlank()) {
            return ANY;
        }
        String normalized = constraint.strip().replaceAll("(>=|<=|==|>|<|=)\\s+", "$1");
        List<Term> terms = new ArrayList<>();
        for (String token : normalized.split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Term term = parseTerm(token, constraint);
            if (term != null) {
                terms.add(term);
            }
        }
        return new VersionConstraint(constraint.strip(), List.copyOf(terms));
    }

    /** One term, or null for a wildcard that allows everything. */
    private static Term parseTerm(String token, String constraint) {
        Matcher term = TERM.matcher(token);
        term.matches();
        String operator = term.group(1) == null ? "=" : term.group(1);
        String version = term.group(2);
        if (operator.equals("=") || operator.equals("==")) {
            Matcher prefix = PREFIX.matcher(version);
            if (!prefix.matches()) {
                throw malformed(token, constraint, "expected a version such as 3.4, 3.4.1 or 3.x");
            }
            return prefix.group(1) == null ? null : new Term(Operator.PREFIX, components(prefix.group(1)));
        }
        if (!NUMBERS.matcher(version).matches()) {
            throw malformed(
                    token,
                    constraint,
                    version.isEmpty()
                            ? "the comparison has no version"
                            : "'" + version + "' is not a dotted version such as 3.0");
        }
        return new Term(Operator.of(operator), components(version));
    }

    private static IllegalArgumentException malformed(String token, String constraint, String why) {
        return new IllegalArgumentException("version constraint '" + constraint.strip() + "': bad part '" + token
                + "': " + why + " (write e.g. 3.4, 3.x, >=3.0 or >=3.0 <4)");
    }

    /**
     * Whether {@code version} satisfies every term. Only the leading dotted numbers of the version count
     * ({@code 3.7.0.10.unofficial} is 3.7.0.10); a version without them satisfies only {@link #any()}.
     */
    public boolean allows(String version) {
        Objects.requireNonNull(version, "version");
        if (terms.isEmpty()) {
            return true;
        }
        Optional<String[]> parsed = numericPart(version);
        return parsed.isPresent() && terms.stream().allMatch(t -> t.allows(parsed.get()));
    }

    /** Whether this constraint allows every version. */
    public boolean isAny() {
        return terms.isEmpty();
    }

    /**
     * The most specific version prefix that every allowed version starts with, when the constraint has a
     * prefix term (such as {@code 3.4} for {@code 3.4}, {@code 3.4.x} or {@code 3.4 >=3.4.2}); empty for
     * comparisons alone. Labels use it to pick agents.
     */
    public Optional<String> pinnedPrefix() {
        return terms.stream()
                .filter(t -> t.operator == Operator.PREFIX)
                .map(t -> t.components)
                .max((a, b) -> Integer.compare(a.length, b.length))
                .map(c -> String.join(".", c));
    }

    /** The leading dotted numbers of a version, zeros stripped from each, if it starts with any. */
    static Optional<String[]> numericPart(String version) {
        Matcher m = LEADING_NUMBERS.matcher(version);
        return m.find() ? Optional.of(components(m.group(1))) : Optional.empty();
    }

    private static String[] components(String dotted) {
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replaceFirst("^0+(?=.)", "");
        }
        return parts;
    }

    /** Numeric comparison of normalized components; a missing component is 0. */
    static int compare(String[] a, String[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "0";
            String y = i < b.length ? b[i] : "0";
            // Digits without leading zeros: the longer number is larger, equal lengths compare as text.
            int c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private enum Operator {
        PREFIX,
        GREATER_OR_EQUAL,
        GREATER,
        LESS_OR_EQUAL,
        LESS;

        static Operator of(String symbol) {
            return switch (symbol) {
                case ">=" -> GREATER_OR_EQUAL;
                case ">" -> GREATER;
                case "<=" -> LESS_OR_EQUAL;
                case "<" -> LESS;
                default -> throw new IllegalStateException(symbol);
            };
        }
    }

    private record Term(Operator operator, String[] components) {
        boolean allows(String[] version) {
            return switch (operator) {
                case PREFIX ->
                    compare(Arrays.copyOf(version, Math.min(version.length, components.length)), components) == 0;
                case GREATER_OR_EQUAL -> compare(version, components) >= 0;
                case GREATER -> compare(version, components) > 0;
                case LESS_OR_EQUAL -> compare(version, components) <= 0;
                case LESS -> compare(version, components) < 0;
            };
        }
    }

    /** The constraint as written, stripped; empty for {@link #any()}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionConstraint other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
