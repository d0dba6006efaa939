package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.BulkEnrollResult;
import io.grpc.Status;
import java.util.List;

/** The results of a whole BulkEnroll stream, one per item in order, and the totals clients report. */
public record BulkEnrollResults(List<BulkEnrollResult> results) {

    public static Status.Code code(BulkEnrollResult result) {
        return Status.fromCodeValue(result.getCode()).getCode();
    }

    public long count(Status.Code code) {
        return results.stream().filter(result -> code(result) == code).count();
    }

    /** Items now durable. */
    public long enrolled() {
        return count(Status.Code.OK);
    }

    /** Items refused, for any reason (ALREADY_EXISTS included). */
    public long failed() {
        return results.size() - enrolled();
    }
}
