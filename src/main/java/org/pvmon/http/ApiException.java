package org.pvmon.http;

/** An API misuse or an unavailable dependency, answered as a JSON error that says what to fix. */
public final class ApiException extends RuntimeException {
    final int status;
    final String code;
    public final String parameter;

    public ApiException(int status, String code, String parameter, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "bad_parameter", parameter, parameter + ": " + message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }
}
