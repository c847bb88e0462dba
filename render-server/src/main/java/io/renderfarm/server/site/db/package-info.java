/**
 * The standalone site's SQLite database: schema migrations, the jobs, delegations and callbacks tables, and the ledger of each job's events.
 */
package io.renderfarm.server.site.db;
