package io.mre.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingInterceptorTest {
    /**
     * The status of every reason, as {@code mre/v1/node.proto} documents it to clients ("A, B (STATUS); ..."): the
     * contract, read from the file other languages implement from, not from the code under test.
     */
    private static final Map<String, Status.Code> DOCUMENTED = documentedStatuses();

    private static Map<String, Status.Code> documentedStatuses() {
        Path proto = Path.of("../../proto/src/main/proto/mre/v1/node.proto");
        String text;
        try {
            text = Files.readString(proto);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int from = text.indexOf("Reasons:");
        int to = text.indexOf(").", from) + 1; // the list ends with the first sentence's full stop
        String block = text.substring(from + "Reasons:".length(), to).replace("//", " ");
        Map<String, Status.Code> out = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Z_][A-Z_, ]*)\\(([A-Z_]+)\\)").matcher(block);
        while (m.find()) {
            for (String reason : m.group(1).split(",")) {
                if (!reason.isBlank()) {
                    out.put(reason.trim(), Status.Code.valueOf(m.group(2)));
                }
            }
        }
        return out;
    }

    @Test
    void documentedReasons_areExactlyTheErrorCodes() {
        assertThat(DOCUMENTED.keySet())
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ErrorCode.values())
                        .map(Enum::name)
                        .toList());
    }

    /** What the test service does with the request's text, which names the error to raise. */
    private volatile BiConsumer<String, StreamObserver<StringValue>> behavior;

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(testService(), new ErrorMappingInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void thrownMreException_mapsCategoryAndCarriesErrorInfo(ErrorCode code) throws Exception {
        behavior = (request, response) -> {
            throw new MreException(code, "object 01J refused at seq 3", Map.of("object_id", "01J", "seq", "3"));
        };

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).as("documented in node.proto").isEqualTo(DOCUMENTED.get(code.name()));
        assertThat(e.getStatus().getDescription()).isEqualTo("object 01J refused at seq 3");
        assertThat(errorInfo(e))
                .isEqualTo(ErrorInfo.newBuilder()
                        .setReason(code.name())
                        .setDomain("mre.io")
                        .putMetadata("object_id", "01J")
                        .putMetadata("seq", "3")
                        .build());
    }

    @Test
    void mreExceptionPassedToOnError_isMappedToo() throws Exception {
        behavior = (request, response) -> response.onError(
                new MreException(ErrorCode.OBJECT_TOO_LARGE, "object is 5000000 bytes, limit 4194304"));

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).isEqualTo("object is 5000000 bytes, limit 4194304");
        assertThat(errorInfo(e).getReason()).isEqualTo("OBJECT_TOO_LARGE");
    }

    @Test
    void toStatus_usedByAService_givesTheSameAnswer() throws Exception {
        behavior = (request, response) -> response.onError(ErrorMappingInterceptor.toStatus(
                new MreException(ErrorCode.FORK_DETECTED, "two histories for 01J").with("object_id", "01J")));

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(errorInfo(e).getReason()).isEqualTo("FORK_DETECTED");
        assertThat(errorInfo(e).getMetadataMap()).containsEntry("object_id", "01J");
    }

    @Test
    void unexpectedThrownException_isInternalWithoutDetail() {
        behavior = (request, response) -> {
            throw new IllegalStateException("secret: /etc/mre/node.key");
        };

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).isEqualTo("internal error");
        assertThat(e.getStatus().getCause()).isNull();
        assertThat(StatusProto.fromThrowable(e).getDetailsList()).isEmpty();
        assertThat(e.getTrailers().toString()).doesNotContain("secret");
    }

    @Test
    void unexpectedExceptionPassedToOnError_isInternalWithoutDetail() {
        behavior = (request, response) -> response.onError(new NullPointerException("secret"));

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).isEqualTo("internal error");
    }

    @Test
    void statusChosenByTheService_passesThrough() {
        behavior = (request, response) -> {
            throw Status.ALREADY_EXISTS.withDescription("chosen").asRuntimeException();
        };

        StatusRuntimeException e = call("go");

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(e.getStatus().getDescription()).isEqualTo("chosen");
    }

    @Test
    void success_isUntouched() {
        behavior = (request, response) -> {
            response.onNext(StringValue.of("echo " + request));
            response.onCompleted();
        };

        StringValue reply =
                ClientCalls.blockingUnaryCall(channel, ECHO, io.grpc.CallOptions.DEFAULT, StringValue.of("hi"));

        assertThat(reply.getValue()).isEqualTo("echo hi");
    }

    @Test
    void exceptionAfterCompletion_keepsTheAnswer() {
        behavior = (request, response) -> {
            response.onNext(StringValue.of("done"));
            response.onCompleted();
            throw new IllegalStateException("late");
        };

        StringValue reply =
                ClientCalls.blockingUnaryCall(channel, ECHO, io.grpc.CallOptions.DEFAULT, StringValue.of("hi"));

        assertThat(reply.getValue()).isEqualTo("done");
    }

    private StatusRuntimeException call(String text) {
        return catchThrowableOfType(
                StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, ECHO, io.grpc.CallOptions.DEFAULT, StringValue.of(text)));
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).isNotNull();
        assertThat(status.getCode()).isEqualTo(e.getStatus().getCode().value());
        assertThat(status.getDetailsList()).hasSize(1);
        return status.getDetails(0).unpack(ErrorInfo.class);
    }

    private static final MethodDescriptor<StringValue, StringValue> ECHO =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Errors", "Echo"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    private ServerServiceDefinition testService() {
        return ServerServiceDefinition.builder("test.Errors")
                .addMethod(
                        ECHO,
                        ServerCalls.asyncUnaryCall(
                                (request, response) -> behavior.accept(request.getValue(), response)))
                .build();
    }
}
