package dev.ridgeline.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;

/** The Hazelcast configuration of a Ridgeline member. */
final class MemberConfig {

    /** Key locks only (no entries): one per gallery, for duplicate checks ({@link DuplicateCheckLocks}). */
    static final String DUPLICATE_CHECKS_MAP = "ridgeline.duplicate-checks";
    static final String SEARCH_EXECUTOR = "ridgeline.search";
    /** Where partition owners run their shares of enrollments ({@code MemberTask.EnrollOwned}), apart from searches. */
    static final String WRITE_EXECUTOR = "ridgeline.writes";
    /** Owners' shares of enrollments run at once on a member: each waits on a PostgreSQL commit. */
    private static final int WRITE_TASKS = 32;

    private MemberConfig() {
    }

    static Config of(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
        config.setProperty(ClusterProperty.PARTITION_COUNT.getName(), Integer.toString(SubjectKey.PARTITION_COUNT));
        long joinWait = Math.max(1, settings.joinWait().toSeconds());
        config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), Long.toString(joinWait));
        config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), Long.toString(2 * joinWait));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        if (!settings.host().equals("0.0.0.0")) {
            network.getInterfaces().setEnabled(true).addInterface(settings.host());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());

        config.getExecutorConfig(WRITE_EXECUTOR).setPoolSize(WRITE_TASKS);
        config.addMapConfig(new MapConfig(DUPLICATE_CHECKS_MAP).setBackupCount(settings.backups()));
        return config;
    }
}
