package org.pvmon.config;

/** A setting is missing or invalid; the message names the setting and its environment variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
