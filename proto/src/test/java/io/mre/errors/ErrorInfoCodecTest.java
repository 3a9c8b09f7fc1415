package io.mre.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every error code survives the wire: encoded by a server, sent over gRPC, and decoded by a client, with the status
 * {@code mre/v1/node.proto} documents for it, and with the exact trailer bytes another language reads.
 */
class ErrorInfoCodecTest {
    /** The status of every reason as node.proto documents it ("A, B (STATUS); ..."): the contract, not the code. */
    private static final Map<String, Status.Code> DOCUMENTED = documentedStatuses();

    private static final Metadata.Key<byte[]> DETAILS =
            Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private Server server;
    private ManagedChannel channel;

    private static Map<String, Status.Code> documentedStatuses() {
        String text;
        try {
            text = Files.readString(Path.of("src/main/proto/mre/v1/node.proto"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = text.indexOf("Reasons:");
        String block = text.substring(from + "Reasons:".length(), text.indexOf(").", from) + 1)
                .replace("//", " ");
        Map<String, Status.Code> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Z_][A-Z_, ]*)\\(([A-Z_]+)\\)").matcher(block);
        while (m.find()) {
            for (String reason : m.group(1).split(",", -1)) {
                if (!reason.isBlank()) {
                    out.put(reason.strip(), Status.Code.valueOf(m.group(2)));
                }
            }
        }
        return out;
    }

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        // The test server raises the error the request names (object_id = the code's name).
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(new ExecutionNodeServiceGrpc.ExecutionNodeServiceImplBase() {
                    @Override
                    public void get(GetRequest request, StreamObserver<GetResponse> response) {
                        ErrorCode code = ErrorCode.valueOf(request.getObjectId());
                        response.onError(ErrorInfoCodec.encode(
                                code,
                                "object 01J: " + code.name().toLowerCase(Locale.ROOT),
                                Map.of("object_id", "01J", "seq", "3", "rule", "R7")));
                    }
                })
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void nodeProto_documentsExactlyTheErrorCodes() {
        assertThat(DOCUMENTED.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCode_roundTripsOverGrpc(ErrorCode code) {
        StatusRuntimeException failure = call(code);

        DecodedError decoded = ErrorInfoCodec.decode(failure);

        assertThat(decoded.statusCode())
                .as("documented in node.proto")
                .isEqualTo(DOCUMENTED.get(code.name()))
                .isEqualTo(ErrorInfoCodec.statusCode(code));
        assertThat(decoded.code()).contains(code);
        assertThat(decoded.reason()).isEqualTo(code.name());
        assertThat(decoded.description()).isEqualTo("object 01J: " + code.name().toLowerCase(Locale.ROOT));
        assertThat(decoded.metadata()).isEqualTo(Map.of("object_id", "01J", "seq", "3", "rule", "R7"));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void theTrailer_isAGoogleRpcStatusWithOneErrorInfo_asNodeProtoSays(ErrorCode code) throws Exception {
        StatusRuntimeException failure = call(code);

        // What a client in another language reads: the grpc-status-details-bin trailer, a google.rpc.Status.
        com.google.rpc.Status status =
                com.google.rpc.Status.parseFrom(failure.getTrailers().get(DETAILS));

        assertThat(status.getCode()).isEqualTo(DOCUMENTED.get(code.name()).value());
        assertThat(status.getMessage()).isEqualTo("object 01J: " + code.name().toLowerCase(Locale.ROOT));
        assertThat(status.getDetailsList()).singleElement().satisfies(any -> {
            assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
            assertThat(ErrorInfo.parseFrom(any.getValue()))
                    .isEqualTo(ErrorInfo.newBuilder()
                            .setReason(code.name())
                            .setDomain("mre.io")
                            .putMetadata("object_id", "01J")
                            .putMetadata("seq", "3")
                            .putMetadata("rule", "R7")
                            .build());
        });
    }

    @Test
    void aStatusWithoutDetails_decodesWithoutReasonOrMetadata() {
        DecodedError decoded = ErrorInfoCodec.decode(
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

        assertThat(decoded).isEqualTo(new DecodedError(Status.Code.UNAVAILABLE, "io exception", "", Map.of()));
        assertThat(decoded.code()).isEmpty();
    }

    @Test
    void anExceptionThatIsNoStatus_decodesAsUnknown() {
        assertThat(ErrorInfoCodec.decode(new IllegalStateException("boom")))
                .isEqualTo(new DecodedError(Status.Code.UNKNOWN, "", "", Map.of()));
    }

    @Test
    void aReasonThisSideDoesNotKnow_keepsTheReasonWithoutACode() {
        DecodedError decoded = ErrorInfoCodec.decode(
                rich(Status.Code.FAILED_PRECONDITION, "newer", info("mre.io", "SOMETHING_NEWER")));

        assertThat(decoded.reason()).isEqualTo("SOMETHING_NEWER");
        assertThat(decoded.code()).isEmpty();
        assertThat(decoded.metadata()).containsEntry("object_id", "01J");
    }

    @Test
    void ofSeveralErrorInfos_theMreOneWins() {
        DecodedError mreLast = ErrorInfoCodec.decode(rich(
                Status.Code.FAILED_PRECONDITION,
                "x",
                info("proxy.example", "UPSTREAM"),
                info("mre.io", "FORK_DETECTED")));
        DecodedError mreFirst = ErrorInfoCodec.decode(rich(
                Status.Code.FAILED_PRECONDITION,
                "x",
                info("mre.io", "FORK_DETECTED"),
                info("proxy.example", "UPSTREAM")));

        assertThat(mreLast.code()).contains(ErrorCode.FORK_DETECTED);
        assertThat(mreFirst.code()).contains(ErrorCode.FORK_DETECTED);
    }

    @Test
    void aGarbledDetail_isSkippedAndTheStatusKept() {
        Any garbled = Any.newBuilder()
                .setTypeUrl("type.googleapis.com/google.rpc.ErrorInfo")
                .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01}))
                .build();

        DecodedError decoded = ErrorInfoCodec.decode(rich(Status.Code.INTERNAL, "internal error", garbled));

        assertThat(decoded).isEqualTo(new DecodedError(Status.Code.INTERNAL, "internal error", "", Map.of()));
    }

    @Test
    void fromReason_knowsEveryCodeAndNothingElse() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromReason(code.name())).contains(code);
        }
        assertThat(ErrorCode.fromReason("")).isEmpty();
        assertThat(ErrorCode.fromReason("fork_detected")).isEmpty();
    }

    private StatusRuntimeException call(ErrorCode code) {
        return catchThrowableOfType(
                StatusRuntimeException.class,
                () -> ExecutionNodeServiceGrpc.newBlockingStub(channel)
                        .get(GetRequest.newBuilder().setObjectId(code.name()).build()));
    }

    private static Any info(String domain, String reason) {
        return Any.pack(ErrorInfo.newBuilder()
                .setDomain(domain)
                .setReason(reason)
                .putMetadata("object_id", "01J")
                .build());
    }

    private static StatusRuntimeException rich(Status.Code code, String message, Any... details) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addAllDetails(Arrays.asList(details))
                .build());
    }
}
