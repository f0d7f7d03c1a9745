package org.pvmon.loggers;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.Registry;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each station's logger credential: issued, rotated and revoked here, kept in the registry as a hash only, and written
 * to the broker in its own format (mosquitto's password and ACL files, {@link BrokerFiles}) followed by a reload, so a
 * change takes effect on the broker without a restart. What the command line ({@code pvmon loggers ...}) and the
 * administrators' API call.
 *
 * <p>A logger's login is {@code logger-<station id>} ({@link #username}); the broker's ACL lets it publish only its
 * station's {@code reading} and {@code status} topics, and the loggers' listeners use the login as the client id, so
 * one station's password cannot speak for another station or take anyone else's session.
 *
 * <p>Passwords and hashes are never logged; a password exists only in the {@link Issued} answer of {@link #issue} and
 * {@link #rotate} (its sheet), whose {@code toString()} masks it.
 */
public final class LoggerCredentials implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoggerCredentials.class);

    /** A credential is active (on the broker) or revoked (refused by the broker). */
    public enum State { ACTIVE, REVOKED }

    /** A station's credential as listed: never its password nor its hash. {@code rotatedAt}, {@code revokedAt} may be null. */
    public record Account(String stationId, String username, State state, Instant issuedAt, Instant rotatedAt, Instant revokedAt) {
    }

    /** What the broker got of a change (or of a {@link #syncBroker()}). */
    public enum Outcome {
        /** the files were written and the broker reloaded them: the change holds now */
        RELOADED,
        /** the files were written; no reload is configured, so the broker reads them at its next reload or restart */
        WRITTEN,
        /** the files already said so (nothing to do) */
        UNCHANGED,
        /** this instance does not write the broker's files; the instance that does picks the change up within its sync period */
        ELSEWHERE,
        /** writing or reloading failed (detail says why); the change is in the registry, and the next sync tries again */
        FAILED
    }

    /** @param detail why, for {@link Outcome#FAILED} and {@link Outcome#WRITTEN}; empty otherwise */
    public record BrokerUpdate(Outcome outcome, String detail) {
    }

    /** A credential just issued or rotated: the account, the sheet with the password (once), and what the broker got. */
    public record Issued(Account account, CredentialSheet sheet, BrokerUpdate broker) {
        public String password() {
            return sheet.password();
        }

        @Override
        public String toString() {
            return "Issued[" + account + ", " + sheet + ", " + broker + "]";
        }
    }

    private final CredentialStore store;
    private final Registry registry;
    private final Config.Loggers cfg;
    private final BrokerFiles files; // null: another host writes them
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private ScheduledExecutorService timer;
    private CredentialStore.Fingerprint written; // what the broker's files were last made from
    private boolean reloadPending;

    public LoggerCredentials(Database db, Registry registry, Config.Loggers cfg, Clock clock) {
        this.store = new CredentialStore(db);
        this.registry = registry;
        this.cfg = cfg;
        this.files = cfg.writesBrokerFiles() ? new BrokerFiles(cfg) : null;
        this.clock = clock;
    }

    /** The broker login of a station's logger (also its client id on the loggers' listeners). */
    public static String username(String stationId) {
        return "logger-" + stationId;
    }

    /**
     * A new credential for a station that has none (or whose credential was revoked).
     *
     * @throws FieldException no such station in the registry
     * @throws LoggerConflictException the station's credential is active: rotate it instead
     */
    public Issued issue(String stationId) {
        Pending p = issueWithoutSync(stationId);
        return issued(p, syncBroker());
    }

    /** A credential written to the registry, not yet to the broker. */
    private record Pending(Station station, String password, Instant at) {
    }

    private Issued issued(Pending p, BrokerUpdate broker) {
        return new Issued(find(p.station().id()).orElseThrow(), sheet(p.station(), p.password(), p.at()), broker);
    }

    private Pending issueWithoutSync(String stationId) {
        Station station = station(stationId);
        String password = Passwords.generate(random);
        String hash = MosquittoPassword.hash(password, random);
        Instant now = clock.instant();
        store.inTransaction(h -> {
            Optional<CredentialStore.Row> row = CredentialStore.find(h, stationId);
            if (row.isEmpty()) {
                CredentialStore.insert(h, stationId, username(stationId), hash, now);
            } else if (row.get().revokedAt() != null) {
                CredentialStore.reissue(h, stationId, hash, now);
            } else {
                throw new LoggerConflictException("station " + stationId + " has an active logger credential (issued "
                        + row.get().issuedAt() + "): rotate it for a new password, or revoke it first");
            }
            return null;
        });
        log.info("Logger credential issued for station {} ({})", stationId, username(stationId));
        return new Pending(station, password, now);
    }

    /**
     * Credentials for every station of the registry that has no active one, in id order (a county's batch for the
     * installers, the demo's fleet). Stations with an active credential are left as they are.
     */
    public List<Issued> issueMissing() {
        List<Pending> pending = new ArrayList<>();
        for (Station s : registry.stations()) {
            Optional<CredentialStore.Row> row = store.find(s.id());
            if (row.isPresent() && row.get().revokedAt() == null) continue;
            pending.add(issueWithoutSync(s.id()));
        }
        BrokerUpdate broker = syncBroker(); // one write and one reload for the batch
        return pending.stream().map(p -> issued(p, broker)).toList();
    }

    /**
     * A new password for an active credential; the old one is refused once the broker has reloaded (a logger
     * connected with it is disconnected then).
     *
     * @throws FieldException no such station in the registry
     * @throws LoggerConflictException the station has no active credential: issue one
     */
    public Issued rotate(String stationId) {
        Station station = station(stationId);
        String password = Passwords.generate(random);
        String hash = MosquittoPassword.hash(password, random);
        Instant now = clock.instant();
        store.inTransaction(h -> {
            requireActive(CredentialStore.find(h, stationId), stationId, "rotate");
            CredentialStore.rotate(h, stationId, hash, now);
            return null;
        });
        log.info("Logger credential rotated for station {} ({})", stationId, username(stationId));
        return issued(new Pending(station, password, now), syncBroker());
    }

    /**
     * Revokes a station's credential: its hash is dropped, and once the broker has reloaded the login is refused and a
     * logger connected with it is disconnected.
     *
     * @return the revoked account and what the broker got
     * @throws LoggerConflictException the station has no active credential
     */
    public Revoked revoke(String stationId) {
        Objects.requireNonNull(stationId, "stationId");
        Instant now = clock.instant();
        store.inTransaction(h -> {
            requireActive(CredentialStore.find(h, stationId), stationId, "revoke");
            CredentialStore.revoke(h, stationId, now);
            return null;
        });
        log.info("Logger credential revoked for station {} ({})", stationId, username(stationId));
        BrokerUpdate broker = syncBroker();
        return new Revoked(find(stationId).orElseThrow(), broker);
    }

    /** A revoked credential and what the broker got. */
    public record Revoked(Account account, BrokerUpdate broker) {
    }

    /** Every station's credential, active and revoked, by station id. */
    public List<Account> list() {
        return store.all().stream().map(LoggerCredentials::account).toList();
    }

    /** A station's credential, if it was ever issued one. */
    public Optional<Account> find(String stationId) {
        return store.find(stationId).map(LoggerCredentials::account);
    }

    /**
     * The sheet of a station's active credential, without the password (pvmon does not keep it): to print the
     * address, login and topics again.
     *
     * @throws LoggerConflictException the station has no active credential
     */
    public CredentialSheet sheet(String stationId) {
        Station station = station(stationId);
        CredentialStore.Row row = requireActive(store.find(stationId), stationId, "print the sheet of");
        return sheet(station, null, row.rotatedAt() != null ? row.rotatedAt() : row.issuedAt());
    }

    /**
     * Makes the broker's files say what the registry says, and has the broker reload them when they changed (or when
     * an earlier reload failed). Safe to call any time, from any thread.
     */
    public BrokerUpdate syncBroker() {
        return syncBroker(false);
    }

    /**
     * As {@link #syncBroker()}; with {@code forceReload} the broker reloads even when its files were up to date (a
     * broker that was restored, or whose reload an earlier process could not do).
     */
    public synchronized BrokerUpdate syncBroker(boolean forceReload) {
        if (files == null) return new BrokerUpdate(Outcome.ELSEWHERE, "");
        if (forceReload) reloadPending = true;
        try {
            CredentialStore.Fingerprint now = store.fingerprint();
            boolean changed = files.write(logins());
            written = now;
            if (changed) reloadPending = true;
            if (!reloadPending) return new BrokerUpdate(Outcome.UNCHANGED, "");
            if (!files.canReload()) {
                reloadPending = false;
                return new BrokerUpdate(Outcome.WRITTEN, "no loggers.broker-pid-file or loggers.broker-reload-command: reload the broker "
                        + "to apply them");
            }
            files.reload();
            reloadPending = false;
            log.info("Broker files written ({}, {}) and the broker reloaded", cfg.passwordFile(), cfg.aclFile());
            return new BrokerUpdate(Outcome.RELOADED, "");
        } catch (IOException | RuntimeException e) {
            log.warn("Updating the broker's logger credentials failed: {} (the registry has the change; a running service that writes "
                    + "the broker's files tries again every {} s)", e.getMessage(), cfg.syncEvery().toSeconds());
            return new BrokerUpdate(Outcome.FAILED, e.getMessage());
        }
    }

    /**
     * In a running service that writes the broker's files: brings them up to date now (a reload too, so a broker that
     * missed one catches up), then every {@code loggers.sync-seconds} when the registry changed (the command line or
     * another instance changed a credential) or a reload is still due.
     */
    public synchronized void start(Workers workers) {
        if (files == null || timer != null) return;
        reloadPending = true;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logger-credentials-sync");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(workers.periodic("logger-credentials-sync", this::syncIfChanged), 0, cfg.syncEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void syncIfChanged() {
        boolean due;
        synchronized (this) {
            due = reloadPending || written == null || !written.equals(store.fingerprint());
        }
        if (due) syncBroker();
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }

    private CredentialSheet sheet(Station s, String password, Instant at) {
        return new CredentialSheet(s.id(), s.name(), s.village(), s.township(), s.county(), cfg.brokerUrl(), username(s.id()), password, at);
    }

    private List<BrokerFiles.Login> logins() {
        List<BrokerFiles.Login> out = new ArrayList<>();
        for (CredentialStore.Row r : store.all()) {
            if (r.passwordHash() != null) out.add(new BrokerFiles.Login(r.stationId(), r.username(), r.passwordHash()));
        }
        return out;
    }

    private Station station(String stationId) {
        if (stationId == null || !StationDirectory.ID.matcher(stationId).matches()) {
            throw new FieldException("station", "must be a station id (1-64 of A-Z a-z 0-9 _ -), got " + stationId);
        }
        return registry.station(stationId).orElseThrow(() -> new FieldException("station", "no station " + stationId + " in the registry"));
    }

    private static CredentialStore.Row requireActive(Optional<CredentialStore.Row> row, String stationId, String what) {
        if (row.isEmpty()) throw new LoggerConflictException("station " + stationId + " has no logger credential to " + what + ": issue one");
        if (row.get().revokedAt() != null) {
            throw new LoggerConflictException("station " + stationId + "'s logger credential was revoked at " + row.get().revokedAt()
                    + ": issue a new one");
        }
        return row.get();
    }

    private static Account account(CredentialStore.Row r) {
        return new Account(r.stationId(), r.username(), r.revokedAt() == null ? State.ACTIVE : State.REVOKED, r.issuedAt(), r.rotatedAt(),
                r.revokedAt());
    }
}
