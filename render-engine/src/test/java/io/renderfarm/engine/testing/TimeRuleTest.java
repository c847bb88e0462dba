package io.renderfarm.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.renderfarm.engine.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The time rule on small classes: it finds each way of reading the machine's time, and lets the clock's pass. */
class TimeRuleTest {
    static final class ReadsMillis {
        long at() {
            return System.currentTimeMillis();
        }
    }

    static final class SleepsInALambda {
        Runnable later() {
            return () -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    static final class NamesAJob {
        String id() {
            return LocalDateTime.now().toString();
        }
    }

    static final class ReadsNanos {
        long at() {
            return System.nanoTime();
        }
    }

    static final class UsesTheClock {
        long waited(Clock clock) throws InterruptedException {
            long start = clock.nanoTime();
            clock.sleep(Duration.ofSeconds(1));
            return clock.nanoTime() - start + clock.instant().getNano();
        }
    }

    @Test
    void shouldFindEveryReadOfTheMachinesTimeOutsideTheClockAndItsExemptions() {
        JavaClasses classes = new ClassFileImporter()
                .importClasses(
                        ReadsMillis.class,
                        SleepsInALambda.class,
                        NamesAJob.class,
                        ReadsNanos.class,
                        UsesTheClock.class);

        EvaluationResult result = TimeRule.timeOnlyThroughTheClock("TimeRuleTest")
                .allowEmptyShould(true)
                .evaluate(classes);
        EvaluationResult strict = TimeRule.timeOnlyThroughTheClock().evaluate(classes);

        assertThat(result.hasViolation())
                .as("exempt by the name of the top-level class, nested ones included")
                .isFalse();
        assertThat(strict.getFailureReport().getDetails())
                .hasSize(4)
                .anyMatch(d -> d.contains("ReadsMillis") && d.contains("System.currentTimeMillis()"))
                .anyMatch(d -> d.contains("SleepsInALambda") && d.contains("Thread.sleep(long)"))
                .anyMatch(d -> d.contains("NamesAJob") && d.contains("LocalDateTime.now()"))
                .anyMatch(d -> d.contains("ReadsNanos") && d.contains("System.nanoTime()"))
                .noneMatch(d -> d.contains("UsesTheClock"));
    }
}
