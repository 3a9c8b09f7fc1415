package io.mre.node.callers;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.MreException;
import io.mre.engine.decide.CallerRule;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.view.Views;
import io.mre.errors.ErrorCode;
import io.mre.node.runtime.Admission;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import io.mre.spi.EntryView;
import io.mre.spi.ObjectView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a client may have a request about an object: the default rule ({@link CallerRule}), then every
 * {@link CallerAuthorizer} of local policy — any DENY refuses, else any ALLOW admits, else the default rule
 * decides. An authorizer that throws or answers {@code null} refuses (fail closed). A caller without a certificate
 * is trusted as local — admitted without asking anyone — only on a node that {@linkplain #trustsLocalCallers
 * trusts local callers} (a plaintext listener, which the configuration allows on loopback only); elsewhere it is
 * refused. Thread-safe (immutable).
 */
public final class CallerAuthorization {
    private static final Logger LOG = LoggerFactory.getLogger(CallerAuthorization.class);

    /** What was decided, and why (the reason a refused caller reads). */
    public record Decision(boolean admitted, String reason) {
        public Decision {
            requireNonNull(reason, "reason is null");
        }
    }

    private final List<CallerAuthorizer> authorizers;
    private final boolean trustsLocalCallers;

    /**
     * @param authorizers the caller authorizers of local policy, asked in order
     * @param trustsLocalCallers whether a caller without a certificate is trusted as local (plaintext loopback
     *     listener); false on a mutual-TLS node, where such a caller is refused
     */
    public CallerAuthorization(List<CallerAuthorizer> authorizers, boolean trustsLocalCallers) {
        this.authorizers = List.copyOf(authorizers);
        this.trustsLocalCallers = trustsLocalCallers;
    }

    /** The default rule alone, on a mutual-TLS node. */
    public static CallerAuthorization defaults() {
        return new CallerAuthorization(List.of(), false);
    }

    /** Whether a caller without a certificate is trusted as local. */
    public boolean trustsLocalCallers() {
        return trustsLocalCallers;
    }

    /** The admission of one request: everyone for a local caller, else {@link #require}. */
    public Admission admission(Optional<CallerView> caller, ClientRequest request, Optional<String> signalName) {
        requireNonNull(request, "request is null");
        requireNonNull(signalName, "signalName is null");
        if (caller.isEmpty()) {
            if (trustsLocalCallers) {
                return Admission.ANYONE;
            }
            return (object, state) -> {
                String id = header(object).getObjectId();
                throw new MreException(
                        ErrorCode.CALLER_NOT_AUTHORIZED,
                        "a caller without a client certificate may " + "not " + verb(request) + " object " + id
                                + ": this node serves only mutual-TLS callers",
                        Map.of("object_id", id, "request", request.name(), "caller", ""));
            };
        }
        CallerView who = caller.get();
        return (object, state) -> require(who, request, signalName, object, state);
    }

    /**
     * Returns when {@code caller} may have {@code request} about {@code object}.
     *
     * @throws MreException CALLER_NOT_AUTHORIZED (PERMISSION_DENIED) when it may not
     */
    public void require(
            CallerView caller,
            ClientRequest request,
            Optional<String> signalName,
            ExecutableObject object,
            FoldedState state) {
        Decision d = decide(caller, request, signalName, object, state);
        if (!d.admitted()) {
            String id = header(object).getObjectId();
            LOG.debug("refused {} of object {} to {} ({}): {}", request, id, caller, caller.subject(), d.reason());
            throw new MreException(
                    ErrorCode.CALLER_NOT_AUTHORIZED,
                    "caller " + caller + " may not " + verb(request) + " object " + id + ": " + d.reason(),
                    Map.of("object_id", id, "request", request.name(), "caller", caller.toString()));
        }
    }

    /** The decision for {@code caller}'s {@code request} about {@code object} (folded to {@code state}). */
    public Decision decide(
            CallerView caller,
            ClientRequest request,
            Optional<String> signalName,
            ExecutableObject object,
            FoldedState state) {
        Header header = header(object);
        String owner = object.getContext().getOwnerDomain();
        String origin = header.getOrigin().getTrustDomain();
        Optional<String> byDefault =
                CallerRule.admitsByDefault(caller, request, signalName, owner, origin, state.pending());
        String refusal = CallerRule.refusedByDefault(request, owner, origin);
        if (authorizers.isEmpty()) {
            return byDefault.map(why -> new Decision(true, why)).orElseGet(() -> new Decision(false, refusal));
        }
        CallerQuery query =
                new CallerQuery(caller, request, signalName, view(header, object, state), byDefault.isPresent());
        CallerRule.Decision d = CallerRule.combine(
                authorizers,
                query,
                byDefault,
                refusal,
                (a, e) -> LOG.warn(
                        "caller authorizer '{}' failed on {} of {} by {}; refusing: {}",
                        a.name(),
                        request,
                        header.getObjectId(),
                        caller,
                        e.toString()));
        return new Decision(d.admitted(), d.reason());
    }

    private static String verb(ClientRequest request) {
        return request.name().toLowerCase(Locale.ROOT);
    }

    private static Header header(ExecutableObject object) {
        try {
            return Header.parseFrom(object.getHeader().getHeader());
        } catch (InvalidProtocolBufferException e) {
            // Every object reaching here was verified (inline) or stored after verification (parked).
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "the object's header is unreadable: " + e.getMessage());
        }
    }

    private static ObjectView view(Header header, ExecutableObject object, FoldedState state) {
        List<EntryView> history = new ArrayList<>(object.getMemory().getEntriesCount());
        for (EntryEnvelope envelope : object.getMemory().getEntriesList()) {
            try {
                history.add(Views.entry(Entry.parseFrom(envelope.getEntry())));
            } catch (InvalidProtocolBufferException e) {
                throw new MreException(ErrorCode.MALFORMED_OBJECT, "an entry is unreadable: " + e.getMessage());
            }
        }
        return Views.object(
                header.getObjectId(),
                header.getOrigin().getTrustDomain(),
                object.getIntent(),
                object.getContext(),
                state,
                history);
    }
}
