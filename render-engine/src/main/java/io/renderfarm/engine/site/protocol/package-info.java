/**
 * What every host of the site protocol answers identically: {@code openapi.yaml}, its constants, problem documents, JSON mapping, submit checks and a job's numbered event log. No server framework here: the standalone site (Javalin) and the Jenkins plugin (Stapler) only bind it.
 */
package io.renderfarm.engine.site.protocol;
