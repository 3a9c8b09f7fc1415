package io.mre.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mre.node.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** At start, a node whose certificate lacks its listen host says so (callers dialling that host would refuse it). */
class TlsModuleTest {
    @TempDir
    Path dir;

    @Test
    void identity_whoseCertificateLacksTheListenHost_isWarnedAtStart() throws Exception {
        SampleNode sample = SampleNode.create(dir);
        Files.writeString(
                sample.configFile(),
                Files.readString(sample.configFile())
                        .replace("listen: 127.0.0.1:0", "listen: claims-1.insurer.example:7443"));

        List<String> lines = warnings(NodeConfig.load(sample.configFile()));

        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("identity.certificate vs listen claims-1.insurer.example:7443: the node's certificate "
                        + "does not carry 'claims-1.insurer.example'")
                .contains("mre keys init --san claims-1.insurer.example");
    }

    @Test
    void identity_whoseCertificateCarriesTheListenHost_isNotWarned() throws Exception {
        SampleNode sample = SampleNode.create(dir);

        assertThat(warnings(NodeConfig.load(sample.configFile()))).isEmpty();
    }

    private static List<String> warnings(NodeConfig config) {
        Logger logger = (Logger) LoggerFactory.getLogger(TlsModule.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new TlsModule().identity(config);
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
