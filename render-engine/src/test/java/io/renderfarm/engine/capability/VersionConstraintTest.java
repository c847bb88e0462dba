package io.renderfarm.engine.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionConstraintTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "*", "x", "X"})
    void shouldAllowAnyVersionWhenEmptyOrWildcard(String constraint) {
        VersionConstraint any = VersionConstraint.parse(constraint);
        assertThat(any.isAny()).isTrue();
        assertThat(any.allows("2.79")).isTrue();
        assertThat(any.allows("4.1.0")).isTrue();
        assertThat(any.allows("nightly")).isTrue();
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        // a prefix pins the leading components, numerically
        "3.4,     3.4,      true",
        "3.4,     3.4.0,    true",
        "3.4,     3.4.1,    true",
        "3.4,     3.40,     false",
        "3.4,     3.5,      false",
        "3.4,     3,        false",
        "3.0,     3,        true",
        "3.4.1,   3.4.1,    true",
        "3.4.1,   3.4.1.7,  true",
        "3.4.1,   3.4.2,    false",
        "=3.4,    3.4.1,    true",
        "==3.4,   3.4.1,    true",
        "03.04,   3.4.1,    true",
        // wildcards
        "3.x,     3.6.2,    true",
        "3.x,     4.0,      false",
        "3.4.x,   3.4.9,    true",
        "3.*,     3.0,      true",
        "3.X,     2.93,     false",
        // comparisons
        ">=3.0,   3.0,      true",
        ">=3.0,   2.93,     false",
        ">=3.0,   3.10,     true",
        ">3.4,    3.4,      false",
        ">3.4,    3.4.1,    true",
        "<=3.6,   3.6.0,    true",
        "<=3.6,   3.6.1,    false",
        "<4,      3.99.99,  true",
        "<4,      4.0,      false",
        "<4,      4.0.1,    false",
        ">=3.10,  3.9,      false",
        ">=3.10,  3.10.1,   true",
        // conjunctions, with spaces or commas
        "'>=3.0 <4',     3.6,    true",
        "'>=3.0 <4',     4.1,    false",
        "'>=3.0 <4',     2.93,   false",
        "'>= 3.0 , < 4', 3.0,    true",
        "'3.x >=3.3',    3.2,    false",
        "'3.x >=3.3',    3.3.1,  true",
        // only the leading numbers of a version count
        "3.7,            3.7.0.10.unofficial, true",
        ">=3.7,          v3.7.0,  true",
        "4.0,            4.0.0-alpha, true",
        ">=3.0,          nightly, false",
        "3.4,            '',      false",
        ">=10000000000000000000000,  10000000000000000000001, true",
        ">=10000000000000000000000,  9999999999999999999999, false",
    })
    void shouldAllowExactlyTheVersionsTheConstraintDescribes(String constraint, String version, boolean allowed) {
        assertThat(VersionConstraint.parse(constraint).allows(version)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "3.4a        | bad part '3.4a'",
                ">=          | bad part '>=': the comparison has no version",
                ">=3.x       | bad part '>=3.x': '3.x' is not a dotted version",
                ">=3.0 <4b   | bad part '<4b'",
                "3..4        | bad part '3..4'",
                ".3          | bad part '.3'",
                "3.4.        | bad part '3.4.'",
                "~3.4        | bad part '~3.4'",
                "!=3.4       | bad part '!=3.4'",
                "=>3.0       | bad part '=>3.0'",
                "3.x.1       | bad part '3.x.1'",
                "\"3.4 || 3.5\" | bad part '||'",
                "-3          | bad part '-3'",
                "blender     | bad part 'blender'",
            })
    void shouldRejectMalformedConstraintsNamingTheBadPart(String constraint, String message) {
        assertThatThrownBy(() -> VersionConstraint.parse(constraint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("version constraint '" + constraint + "'");
    }

    @Test
    void shouldRejectANullVersion() {
        assertThatThrownBy(() -> VersionConstraint.parse("3.4").allows(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldKeepTheTextAsWritten() {
        assertThat(VersionConstraint.parse("  >=3.0 <4 ")).hasToString(">=3.0 <4");
        assertThat(VersionConstraint.parse("")).hasToString("").isSameAs(VersionConstraint.any());
        assertThat(VersionConstraint.parse("3.4")).isEqualTo(VersionConstraint.parse(" 3.4"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "3.4          | 3.4",
                "3.4.x        | 3.4",
                "3.4.1        | 3.4.1",
                "3.x          | 3",
                "'3.4 >=3.4.2' | 3.4",
                "'3.x 3.4.1'  | 3.4.1",
            })
    void shouldExposeThePinnedPrefix(String constraint, String prefix) {
        assertThat(VersionConstraint.parse(constraint).pinnedPrefix()).contains(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ">=3.0", ">=3.0 <4", "*"})
    void shouldPinNothingForRangesOrAny(String constraint) {
        assertThat(VersionConstraint.parse(constraint).pinnedPrefix()).isEmpty();
    }
}
