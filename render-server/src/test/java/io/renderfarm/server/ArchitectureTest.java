package io.renderfarm.server;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.renderfarm.engine.testing.TimeRule;

/** The site and the CLI read time only through the engine's {@code Clock}, as the engine does. */
@AnalyzeClasses(packages = "io.renderfarm.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule shouldReadTimeOnlyThroughTheClock = TimeRule.timeOnlyThroughTheClock();
}
