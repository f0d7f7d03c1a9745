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

    // One message per kind of id: a place or record outside the caller's scope is answered exactly as one that does not
    // exist (Guard and the handlers use these alone), so that nobody learns which ids exist elsewhere.

    static ApiException noVillage(String id) {
        return notFound("No village '" + id + "' in the registry");
    }

    static ApiException noStation(String id) {
        return notFound("No station '" + id + "'; GET /api/stations lists them");
    }

    static ApiException noCounty(String county) {
        return notFound("No county '" + county + "' in the registry (or it has no villages)");
    }

    static ApiException noStatement(String sid) {
        return notFound("No statement " + sid);
    }

    static ApiException noReceipt(String rid) {
        return notFound("No receipt " + rid);
    }

    static ApiException noAlert(String aid) {
        return notFound("No alert " + aid + "; GET /api/alerts?status=all lists them");
    }
}
