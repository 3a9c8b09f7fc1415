package io.mre.engine.verify;

import io.mre.proto.v1.Context;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;

/**
 * Who may record a MUTATE (format version 2): nodes of the owner domain (the context's {@code owner_domain}, or
 * the origin's domain when it is empty) and of the domains the intent lists in {@code replan_domains}. Neither
 * field can be changed by a patch, so the rule is the same before and after any MUTATE.
 */
public final class MutationRights {
    private MutationRights() {}

    /** The domain that owns the object. */
    public static String owner(Header header, Context context) {
        return context.getOwnerDomain().isEmpty() ? header.getOrigin().getTrustDomain() : context.getOwnerDomain();
    }

    /** Whether a node of {@code domain} may record a MUTATE of an object with this header, intent and context. */
    public static boolean mayMutate(String domain, Header header, Intent intent, Context context) {
        return domain.equals(owner(header, context))
                || intent.getReplanDomainsList().contains(domain);
    }
}
