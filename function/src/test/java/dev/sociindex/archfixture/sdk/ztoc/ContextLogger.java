package dev.sociindex.archfixture.sdk.ztoc;

import com.amazonaws.services.lambda.runtime.Context;

/** An engine class that takes a Lambda runtime type: breaks "only aws and lambda use AWS types". */
public final class ContextLogger {
    public String requestOf(Context context) {
        return context.getAwsRequestId();
    }
}
