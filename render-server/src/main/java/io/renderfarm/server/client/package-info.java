/**
 * The client side of the site protocol as the {@code renderfarm submit}, {@code status} and {@code cancel}
 * commands use it: sending a scene and following its job, and printing jobs for people.
 */
package io.renderfarm.server.client;
