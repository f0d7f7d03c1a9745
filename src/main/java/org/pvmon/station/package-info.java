/** Stations known to the service (id, place, capacity, coordinates), loaded from a CSV file. The full SQL registry arrives with the revenue work. */
package org.pvmon.station;
