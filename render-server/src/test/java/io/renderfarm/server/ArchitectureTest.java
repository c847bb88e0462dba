package io.renderfarm.server;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.renderfarm.engine.testing.TimeRule;

/**
 * The server's layers as {@code docs/design.md} draws them: the site's shared base, its database, its jobs, who may
 * call it, its HTTP binding, and {@code SiteServer} wiring them; the CLI on top. The site and the CLI read time only
 * through the engine's {@code Clock}, as the engine does.
 */
@AnalyzeClasses(packages = "io.renderfarm.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule shouldStackInLayers = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("io.renderfarm.server..")
            .layer("Base")
            .definedBy("io.renderfarm.server.site.base..")
            .layer("Db")
            .definedBy("io.renderfarm.server.site.db..")
            .layer("Jobs")
            .definedBy("io.renderfarm.server.site.jobs..")
            .layer("Auth")
            .definedBy("io.renderfarm.server.site.auth..")
            .layer("Http")
            .definedBy("io.renderfarm.server.site.http..")
            .layer("Server")
            .definedBy("io.renderfarm.server.site")
            .layer("Cli")
            .definedBy("io.renderfarm.server.cli..", "io.renderfarm.server.client..")
            .whereLayer("Cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Server")
            .mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Http")
            .mayOnlyBeAccessedByLayers("Server")
            .whereLayer("Auth")
            .mayOnlyBeAccessedByLayers("Http", "Server")
            .whereLayer("Jobs")
            .mayOnlyBeAccessedByLayers("Http", "Server")
            .whereLayer("Db")
            .mayOnlyBeAccessedByLayers("Jobs", "Http", "Server")
            .whereLayer("Base")
            .mayOnlyBeAccessedByLayers("Db", "Jobs", "Auth", "Http", "Server", "Cli")
            .because("each layer uses only those below it (docs/design.md)");

    @ArchTest
    static final ArchRule shouldReadTimeOnlyThroughTheClock = TimeRule.timeOnlyThroughTheClock();
}
