package io.renderfarm.engine.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.renderfarm.engine.time.Clock;
import java.util.Set;

/**
 * The ArchUnit rule that main code reads time and waits only through the injected {@link Clock}: no call that
 * reads the machine's clocks ({@code System.currentTimeMillis}/{@code nanoTime}, any {@code java.time} {@code now},
 * {@code java.time.Clock.system*}, {@code new Date()}) or sleeps ({@code Thread.sleep}, {@code TimeUnit.sleep})
 * outside {@code Clock} itself, so every timeout, poll and back-off can be driven by a {@link ManualClock}. Each
 * module that has main code states it once with the classes it still exempts.
 */
public final class TimeRule {
    private static final Set<String> SYSTEM_TIME = Set.of(
            "java.lang.System.currentTimeMillis",
            "java.lang.System.nanoTime",
            "java.lang.Thread.sleep",
            "java.util.concurrent.TimeUnit.sleep",
            "java.time.Clock.systemUTC",
            "java.time.Clock.systemDefaultZone",
            "java.time.Clock.system",
            "java.util.Date.<init>");

    private TimeRule() {}

    /**
     * @param exempt simple names of top-level classes (with their nested and anonymous classes) that may still read
     *     the system clock, in any package (so a class moved between packages stays exempt), each with its reason
     *     where the rule is declared
     */
    public static ArchRule timeOnlyThroughTheClock(String... exempt) {
        Set<String> names = Set.of(exempt);
        String clock = Clock.class.getName();
        return noClasses()
                .that(DescribedPredicate.describe("are not Clock or exempt " + names, (JavaClass c) -> {
                    String name = c.getName();
                    String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                    return !topLevel.equals(clock)
                            && !names.contains(topLevel.substring(topLevel.lastIndexOf('.') + 1));
                }))
                .should()
                .callCodeUnitWhere(readingTheMachinesTime())
                .because("time comes from the injected Clock, so a test can move it instead of waiting");
    }

    private static DescribedPredicate<JavaCall<?>> readingTheMachinesTime() {
        return DescribedPredicate.describe("read the machine's clock or sleep", call -> {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            if (owner.equals("java.util.Date") && name.equals("<init>")) {
                return call.getTarget().getRawParameterTypes().isEmpty();
            }
            return SYSTEM_TIME.contains(owner + "." + name) || owner.startsWith("java.time.") && name.equals("now");
        });
    }
}
