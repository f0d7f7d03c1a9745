package org.pvmon.ingest;

import org.pvmon.store.Reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.config.Config;
import org.pvmon.ingest.Rejection.Reason;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

class ReadingParserTest {

    /** 2026-06-01 12:00 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-06-01T04:00:00Z");
    static final String TOPIC = "pvmon/v1/stations/YN-JZ-001/reading";
    private static final Config.Ingest LIMITS = new Config.Ingest(5000, Duration.ofMillis(100), 50_000,
            Duration.ofSeconds(300), Duration.ofDays(400), 1.2, Duration.ofSeconds(900));
    /** 50 kWp: power is accepted up to 1.2 x 50 = 60 kW. */
    private static final StationDirectory STATIONS = new StationDirectory(List.of(
            new Station("YN-JZ-001", "大寨村光伏扶贫电站", "大寨村", "景谷镇", "景谷县", 50, 23.5, 100.7, LocalDate.of(2016, 6, 30)),
            new Station("YN-JZ-002", "新寨村光伏扶贫电站", "新寨村", "景谷镇", "景谷县", 125, 23.5, 100.7, LocalDate.of(2017, 5, 20))));

    private final ReadingParser parser = newParser();

    /** The parser of these tests (and of the fuzz corpus): stations YN-JZ-001 (50 kWp) and YN-JZ-002, clock at NOW. */
    static ReadingParser newParser() {
        return new ReadingParser(STATIONS, LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private ReadingParser.Result parse(String topic, String payload) {
        return parser.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private Reading accepted(String payload) {
        ReadingParser.Result r = parse(TOPIC, payload);
        assertThat(r.rejection()).as("rejection of %s", payload).isNull();
        assertThat(r.reading()).isNotNull();
        return r.reading();
    }

    private Rejection rejected(String topic, String payload, Reason reason) {
        ReadingParser.Result r = parse(topic, payload);
        assertThat(r.reading()).as("reading parsed from %s", payload).isNull();
        assertThat(r.rejection()).isNotNull();
        assertThat(r.rejection().reason()).as("reason, detail: %s", r.rejection().detail()).isEqualTo(reason);
        assertThat(r.rejection().payload()).as("the payload is kept as text").isEqualTo(payload);
        assertThat(r.rejection().topic()).isEqualTo(topic);
        assertThat(r.rejection().receivedAt()).isEqualTo(NOW);
        return r.rejection();
    }

    private Rejection rejected(String payload, Reason reason) {
        return rejected(TOPIC, payload, reason);
    }

    private Reading accepted(byte[] payload) {
        ReadingParser.Result r = parser.parse(TOPIC, payload);
        assertThat(r.rejection()).as("rejection").isNull();
        assertThat(r.reading()).isNotNull();
        return r.reading();
    }

    private Rejection rejected(byte[] payload, Reason reason) {
        ReadingParser.Result r = parser.parse(TOPIC, payload);
        assertThat(r.reading()).as("reading parsed from %s", new String(payload, StandardCharsets.UTF_8)).isNull();
        assertThat(r.rejection()).isNotNull();
        assertThat(r.rejection().reason()).as("reason, detail: %s", r.rejection().detail()).isEqualTo(reason);
        assertThat(r.rejection().payload()).as("the payload is kept as text").isEqualTo(new String(payload, StandardCharsets.UTF_8));
        return r.rejection();
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    /** A good payload without its closing brace, to append extra fields to. */
    private static String open() {
        String good = good();
        return good.substring(0, good.length() - 1);
    }

    /** The good payload of {@link #with}, with power_kw 12.5. */
    private static String good() {
        return with("power_kw", "12.5");
    }

    /** A good payload with one field replaced: {@code with("power_kw", "\"12\"")}. */
    private static String with(String field, String json) {
        String base = "{\"station\":\"YN-JZ-001\",\"ts\":\"2026-06-01T12:00:00+08:00\",\"power_kw\":18.42,"
                + "\"energy_kwh\":40213.7,\"state\":\"running\",\"fault_code\":0,\"module_temp_c\":46.5,\"irradiance_wm2\":865}";
        String replaced = base.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + json));
        assertThat(replaced).as("field %s is in the base payload", field).isNotEqualTo(base);
        return replaced;
    }

    /** A good payload without one field. */
    private static String without(String field) {
        return with(field, "null").replace("\"" + field + "\":null,", "").replace(",\"" + field + "\":null", "");
    }

    @Test
    void a_good_reading_is_parsed_with_all_fields() {
        Reading r = accepted("""
                {"station":"YN-JZ-001","ts":"2026-06-01T12:00:00+08:00","power_kw":18.42,"energy_kwh":40213.7,
                 "state":"fault","fault_code":3021,"module_temp_c":46.5,"irradiance_wm2":865}""");

        assertThat(r).isEqualTo(new Reading("YN-JZ-001", Instant.parse("2026-06-01T04:00:00Z"), 18.42, 40213.7, "fault",
                3021, 46.5, 865));
    }

    @Test
    void optional_fields_absent_give_running_fault_0_and_nan() {
        Reading r = accepted("{\"station\":\"YN-JZ-001\",\"ts\":\"2026-06-01T03:59:00Z\",\"power_kw\":0,\"energy_kwh\":0}");

        assertThat(r.time()).isEqualTo(Instant.parse("2026-06-01T03:59:00Z"));
        assertThat(r.powerKw()).isZero();
        assertThat(r.energyKwh()).isZero();
        assertThat(r.state()).isEqualTo("running");
        assertThat(r.faultCode()).isZero();
        assertThat(r.moduleTempC()).isNaN();
        assertThat(r.irradianceWm2()).isNaN();
    }

    @Test
    void optional_fields_sent_as_null_count_as_absent() {
        Reading r = accepted(with("state", "null").replace("\"module_temp_c\":46.5", "\"module_temp_c\":null"));

        assertThat(r.state()).isEqualTo("running");
        assertThat(r.moduleTempC()).isNaN();
    }

    @Test
    void unknown_extra_fields_are_ignored() {
        Reading r = accepted(with("power_kw", "12.5, \"firmware\":\"v2.1\", \"extra\":{\"a\":[1,2]}"));

        assertThat(r.powerKw()).isEqualTo(12.5);
    }

    @Test
    void small_negative_power_at_night_is_kept_as_given() {
        assertThat(accepted(with("power_kw", "-0.5")).powerKw()).isEqualTo(-0.5);
    }

    @Test
    void power_at_exactly_the_tolerance_above_capacity_is_accepted() {
        assertThat(accepted(with("power_kw", "60")).powerKw()).isEqualTo(60);
    }

    @Test
    void the_limit_is_per_station_capacity() {
        String payload = with("power_kw", "140").replace("YN-JZ-001", "YN-JZ-002");

        ReadingParser.Result r = parse("pvmon/v1/stations/YN-JZ-002/reading", payload);

        assertThat(r.reading()).isNotNull();
        assertThat(r.reading().powerKw()).isEqualTo(140);
    }

    // ---- malformed_json

    @Test
    void a_payload_that_is_not_json_is_malformed_json() {
        Rejection r = rejected("power=12.5;energy=40213.7", Reason.MALFORMED_JSON);

        assertThat(r.detail()).isNotBlank();
        assertThat(r.station()).as("the topic's station is kept").isEqualTo("YN-JZ-001");
    }

    @Test
    void truncated_json_is_malformed_json() {
        rejected("{\"station\":\"YN-JZ-001\",\"ts\":", Reason.MALFORMED_JSON);
    }

    @Test
    void a_json_array_is_malformed_json_saying_it_is_not_an_object() {
        Rejection r = rejected("[1,2,3]", Reason.MALFORMED_JSON);

        assertThat(r.detail()).isEqualTo("payload is not a JSON object");
    }

    @Test
    void an_empty_payload_is_malformed_json() {
        rejected("", Reason.MALFORMED_JSON);
    }

    @Test
    void a_nan_literal_is_not_json_and_is_malformed_json() {
        rejected(with("power_kw", "NaN"), Reason.MALFORMED_JSON);
    }

    // ---- exactly one JSON object per payload

    @Test
    void garbage_after_the_object_is_malformed_json() {
        Rejection r = rejected(good() + "xyz", Reason.MALFORMED_JSON);

        assertThat(r.detail()).startsWith("content after the JSON object");
    }

    @Test
    void a_closing_brace_too_many_is_malformed_json() {
        rejected(good() + "}", Reason.MALFORMED_JSON);
    }

    @Test
    void two_objects_back_to_back_are_malformed_json() {
        Rejection r = rejected(good() + good(), Reason.MALFORMED_JSON);

        assertThat(r.detail()).startsWith("content after the JSON object");
    }

    @Test
    void two_objects_on_two_lines_are_malformed_json() {
        rejected(good() + "\n" + good() + "\n", Reason.MALFORMED_JSON);
    }

    @Test
    void whitespace_before_and_after_the_object_is_accepted() {
        assertThat(accepted(" \t\r\n" + good() + "\r\n \t").powerKw()).isEqualTo(12.5);
    }

    @Test
    void a_pretty_printed_object_is_accepted() {
        assertThat(accepted(good().replace("{", "{\n  ").replace(",", ",\n  ").replace("}", "\n}\n")).powerKw())
                .isEqualTo(12.5);
    }

    @Test
    void a_byte_order_mark_at_the_start_is_ignored() {
        assertThat(accepted(bytes(hex("EF BB BF"), good())).powerKw()).isEqualTo(12.5);
    }

    @Test
    void a_byte_order_mark_after_the_object_is_malformed_json() {
        rejected(bytes(good(), hex("EF BB BF")), Reason.MALFORMED_JSON);
    }

    @Test
    void a_nul_terminator_after_the_object_is_malformed_json_naming_the_byte() {
        byte[] payload = bytes(good(), hex("00"));

        Rejection r = rejected(payload, Reason.MALFORMED_JSON);

        assertThat(r.detail()).startsWith("NUL at byte " + (payload.length - 1));
    }

    @Test
    void utf16_text_is_malformed_json() {
        rejected(good().getBytes(StandardCharsets.UTF_16LE), Reason.MALFORMED_JSON);
        rejected(good().getBytes(StandardCharsets.UTF_16BE), Reason.MALFORMED_JSON);
    }

    @Test
    void a_bare_string_number_or_null_is_malformed_json_saying_it_is_not_an_object() {
        for (String payload : List.of("\"YN-JZ-001\"", "18.42", "null", " ")) {
            assertThat(rejected(payload, Reason.MALFORMED_JSON).detail()).isEqualTo("payload is not a JSON object");
        }
    }

    // ---- invalid_utf8

    @Test
    void an_encoded_surrogate_in_an_extra_field_is_invalid_utf8_naming_the_bytes() {
        String before = open() + ",\"firmware\":\"v2.1 ";
        byte[] payload = bytes(before, hex("ED A0 80"), "\"}");

        Rejection r = rejected(payload, Reason.INVALID_UTF8);

        assertThat(r.detail()).isEqualTo("invalid UTF-8 at byte " + before.length() + ": ED A0 80 22");
        assertThat(r.station()).as("the topic's station is kept").isEqualTo("YN-JZ-001");
    }

    @Test
    void an_encoded_surrogate_in_a_nested_extra_field_is_invalid_utf8() {
        rejected(bytes(open() + ",\"meta\":{\"fw\":[\"", hex("ED BF BF"), "\"]}}"), Reason.INVALID_UTF8);
    }

    @Test
    void invalid_utf8_in_a_key_is_invalid_utf8() {
        rejected(bytes(open() + ",\"fw", hex("ED A0 80"), "\":1}"), Reason.INVALID_UTF8);
    }

    @Test
    void an_overlong_encoding_is_invalid_utf8() {
        rejected(bytes(open() + ",\"path\":\"", hex("C0 AF"), "\"}"), Reason.INVALID_UTF8);
        rejected(bytes(open() + ",\"path\":\"", hex("E0 80 AF"), "\"}"), Reason.INVALID_UTF8);
    }

    @Test
    void a_code_point_above_u10ffff_is_invalid_utf8() {
        rejected(bytes(open() + ",\"x\":\"", hex("F4 90 80 80"), "\"}"), Reason.INVALID_UTF8);
    }

    @Test
    void a_sequence_missing_a_byte_is_invalid_utf8() {
        rejected(bytes(open() + ",\"x\":\"", hex("E4 B8"), "\"}"), Reason.INVALID_UTF8);
    }

    @Test
    void gbk_encoded_chinese_is_invalid_utf8() {
        rejected(bytes(open() + ",\"note\":\"", "故障".getBytes(java.nio.charset.Charset.forName("GBK")), "\"}"),
                Reason.INVALID_UTF8);
    }

    @Test
    void invalid_utf8_after_the_object_is_invalid_utf8_not_malformed_json() {
        byte[] payload = bytes(good(), hex("ED A0 80"));

        Rejection r = rejected(payload, Reason.INVALID_UTF8);

        assertThat(r.detail()).isEqualTo("invalid UTF-8 at byte " + good().length() + ": ED A0 80");
    }

    @Test
    void a_payload_with_invalid_utf8_is_kept_with_replacement_characters() {
        Rejection r = rejected(bytes(open() + ",\"note\":\"", hex("ED A0 80"), "\"}"), Reason.INVALID_UTF8);

        assertThat(r.payload()).contains("\"note\":\"\uFFFD").doesNotContain("\uD800");
    }

    @Test
    void chinese_and_emoji_in_an_extra_field_are_accepted() {
        assertThat(accepted(open() + ",\"note\":\"逆变器正常 ☀️ 𝔸\"}").powerKw()).isEqualTo(12.5);
    }

    // ---- duplicate_key

    @Test
    void a_field_given_twice_is_duplicate_key_naming_it() {
        Rejection r = rejected(open() + ",\"power_kw\":59}", Reason.DUPLICATE_KEY);

        assertThat(r.detail()).isEqualTo("key 'power_kw' appears twice in one object");
    }

    @Test
    void a_field_given_first_as_null_then_with_a_value_is_duplicate_key() {
        rejected("{\"state\":null," + good().substring(1), Reason.DUPLICATE_KEY);
    }

    @Test
    void an_extra_field_given_twice_is_duplicate_key() {
        Rejection r = rejected(open() + ",\"firmware\":\"a\",\"firmware\":\"b\"}", Reason.DUPLICATE_KEY);

        assertThat(r.detail()).isEqualTo("key 'firmware' appears twice in one object");
    }

    @Test
    void a_key_given_twice_in_a_nested_extra_object_is_duplicate_key() {
        rejected(open() + ",\"meta\":{\"list\":[{\"a\":1},{\"a\":1,\"b\":2,\"a\":3}]}}", Reason.DUPLICATE_KEY);
    }

    @Test
    void a_key_written_once_plainly_and_once_escaped_is_duplicate_key() {
        Rejection r = rejected(open() + ",\"power\\u005fkw\":59}", Reason.DUPLICATE_KEY);

        assertThat(r.detail()).isEqualTo("key 'power_kw' appears twice in one object");
    }

    @Test
    void the_same_key_in_different_objects_is_no_duplicate() {
        Reading r = accepted(open() + ",\"meta\":{\"power_kw\":1,\"inner\":{\"power_kw\":2}},\"list\":[{\"x\":1},{\"x\":2}]}");

        assertThat(r.powerKw()).isEqualTo(12.5);
    }

    // ---- missing_field

    @Test
    void each_required_field_absent_is_missing_field_naming_it() {
        for (String field : List.of("station", "ts", "power_kw", "energy_kwh")) {
            Rejection r = rejected(without(field), Reason.MISSING_FIELD);
            assertThat(r.detail()).isEqualTo(field + " is required");
        }
    }

    @Test
    void a_required_field_sent_as_null_is_missing_field() {
        Rejection r = rejected(with("energy_kwh", "null"), Reason.MISSING_FIELD);

        assertThat(r.detail()).isEqualTo("energy_kwh is required");
    }

    // ---- wrong_type

    @Test
    void a_number_sent_as_a_string_is_wrong_type() {
        Rejection r = rejected(with("power_kw", "\"12\""), Reason.WRONG_TYPE);

        assertThat(r.detail()).isEqualTo("power_kw must be a number, got string");
    }

    @Test
    void a_station_sent_as_a_number_is_wrong_type() {
        Rejection r = rejected(with("station", "1"), Reason.WRONG_TYPE);

        assertThat(r.detail()).isEqualTo("station must be a string, got number");
    }

    @Test
    void a_timestamp_sent_as_epoch_seconds_is_wrong_type() {
        Rejection r = rejected(with("ts", "1780286400"), Reason.WRONG_TYPE);

        assertThat(r.detail()).startsWith("ts must be a string");
    }

    @Test
    void a_state_that_is_not_a_string_is_wrong_type() {
        Rejection r = rejected(with("state", "1"), Reason.WRONG_TYPE);

        assertThat(r.detail()).isEqualTo("state must be a string");
    }

    @Test
    void a_fractional_fault_code_is_wrong_type() {
        Rejection r = rejected(with("fault_code", "1.5"), Reason.WRONG_TYPE);

        assertThat(r.detail()).isEqualTo("fault_code must be an integer");
    }

    @Test
    void an_optional_number_sent_as_a_boolean_is_wrong_type() {
        Rejection r = rejected(with("irradiance_wm2", "true"), Reason.WRONG_TYPE);

        assertThat(r.detail()).isEqualTo("irradiance_wm2 must be a number, got boolean");
    }

    // ---- out_of_range

    @Test
    void power_above_the_tolerance_times_capacity_is_out_of_range() {
        Rejection r = rejected(with("power_kw", "60.5"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("power_kw 60.5 is outside -0.500 to 60");
    }

    @Test
    void power_below_the_night_consumption_floor_is_out_of_range() {
        Rejection r = rejected(with("power_kw", "-0.6"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).startsWith("power_kw -0.6 is outside");
    }

    @Test
    void a_negative_energy_counter_is_out_of_range() {
        Rejection r = rejected(with("energy_kwh", "-1"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("energy_kwh -1 is outside 0 to 1000000000");
    }

    @Test
    void a_number_too_large_for_a_double_is_infinite_and_out_of_range() {
        Rejection r = rejected(with("energy_kwh", "1e999"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).startsWith("energy_kwh").contains("is outside 0 to 1000000000");
    }

    @Test
    void an_unknown_state_is_out_of_range_naming_the_state() {
        Rejection r = rejected(with("state", "\"broken\""), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).startsWith("state 'broken' is not one of")
                .contains("running").contains("standby").contains("fault").contains("off");
    }

    @Test
    void a_fault_code_above_65535_is_out_of_range() {
        Rejection r = rejected(with("fault_code", "65536"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("fault_code 65536 is outside 0-65535");
    }

    @Test
    void a_negative_fault_code_is_out_of_range() {
        rejected(with("fault_code", "-1"), Reason.OUT_OF_RANGE);
    }

    @Test
    void a_fault_code_beyond_int_is_out_of_range() {
        Rejection r = rejected(with("fault_code", "99999999999"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("fault_code 99999999999 is outside 0-65535");
    }

    @Test
    void the_highest_fault_code_is_accepted() {
        assertThat(accepted(with("fault_code", "65535")).faultCode()).isEqualTo(65535);
    }

    @Test
    void a_module_temperature_outside_minus_50_to_100_is_out_of_range() {
        Rejection r = rejected(with("module_temp_c", "120"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("module_temp_c 120 is outside -50 to 100");
    }

    @Test
    void irradiance_above_1500_is_out_of_range() {
        Rejection r = rejected(with("irradiance_wm2", "1501"), Reason.OUT_OF_RANGE);

        assertThat(r.detail()).isEqualTo("irradiance_wm2 1501 is outside 0 to 1500");
    }

    // ---- timestamps

    @Test
    void a_timestamp_without_an_offset_is_bad_timestamp() {
        Rejection r = rejected(with("ts", "\"2026-06-01T12:00:00\""), Reason.BAD_TIMESTAMP);

        assertThat(r.detail()).contains("'2026-06-01T12:00:00'").contains("with an offset");
    }

    @Test
    void an_unparseable_timestamp_is_bad_timestamp() {
        Rejection r = rejected(with("ts", "\"yesterday noon\""), Reason.BAD_TIMESTAMP);

        assertThat(r.detail()).contains("'yesterday noon'").contains("ISO-8601");
    }

    @Test
    void a_timestamp_up_to_five_minutes_ahead_is_accepted() {
        assertThat(accepted(with("ts", "\"2026-06-01T12:05:00+08:00\"")).time()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void a_timestamp_more_than_five_minutes_ahead_is_timestamp_in_future() {
        Rejection r = rejected(with("ts", "\"2026-06-01T12:05:01+08:00\""), Reason.TIMESTAMP_IN_FUTURE);

        assertThat(r.detail()).contains("2026-06-01T12:05:01+08:00").contains("more than 300 s ahead")
                .contains(NOW.toString());
    }

    @Test
    void a_timestamp_older_than_400_days_is_timestamp_too_old() {
        Rejection r = rejected(with("ts", "\"2025-04-26T12:00:00+08:00\""), Reason.TIMESTAMP_TOO_OLD);

        assertThat(r.detail()).contains("2025-04-26T12:00:00+08:00").contains("older than 400 days");
    }

    @Test
    void a_late_reading_within_400_days_is_accepted() {
        assertThat(accepted(with("ts", "\"2025-04-27T12:00:00+08:00\"")).time())
                .isEqualTo(NOW.minus(Duration.ofDays(400)));
    }

    // ---- stations and topics

    @Test
    void a_station_not_in_the_registry_is_unknown_station() {
        String payload = with("station", "\"YN-XX-999\"");

        Rejection r = rejected("pvmon/v1/stations/YN-XX-999/reading", payload, Reason.UNKNOWN_STATION);

        assertThat(r.detail()).isEqualTo("station 'YN-XX-999' is not in the registry");
        assertThat(r.station()).isEqualTo("YN-XX-999");
    }

    @Test
    void a_payload_station_that_differs_from_the_topic_is_topic_mismatch() {
        Rejection r = rejected("pvmon/v1/stations/YN-JZ-002/reading", with("power_kw", "10"), Reason.TOPIC_MISMATCH);

        assertThat(r.detail()).isEqualTo("station 'YN-JZ-001' differs from topic station 'YN-JZ-002'");
        assertThat(r.station()).isEqualTo("YN-JZ-002");
    }

    @Test
    void a_message_on_a_topic_that_is_not_a_reading_topic_is_topic_mismatch() {
        Rejection r = rejected("pvmon/v1/stations/YN-JZ-001/status", with("power_kw", "10"), Reason.TOPIC_MISMATCH);

        assertThat(r.detail()).startsWith("not a reading topic");
        assertThat(r.station()).isNull();
    }

    @Test
    void a_reading_topic_with_an_invalid_station_id_is_topic_mismatch() {
        rejected("pvmon/v1/stations/YN JZ 001/reading", with("power_kw", "10"), Reason.TOPIC_MISMATCH);
    }

    @Test
    void the_station_id_is_taken_only_from_well_formed_reading_topics() {
        assertThat(ReadingParser.stationOfTopic("pvmon/v1/stations/YN-JZ-001/reading")).isEqualTo("YN-JZ-001");
        assertThat(ReadingParser.stationOfTopic("pvmon/v1/stations/YN-JZ-001/status")).isNull();
        assertThat(ReadingParser.stationOfTopic("pvmon/v1/stations//reading")).isNull();
        assertThat(ReadingParser.stationOfTopic("pvmon/v1/stations/a/b/reading")).isNull();
        assertThat(ReadingParser.stationOfTopic("pvmon/v2/stations/YN-JZ-001/reading")).isNull();
        assertThat(ReadingParser.stationOfTopic(null)).isNull();
    }

    // ---- size

    @Test
    void a_payload_over_4_kib_is_too_large_and_its_first_4_kib_are_kept() {
        String big = with("power_kw", "10, \"pad\":\"" + "x".repeat(5000) + "\"");
        int bytes = big.getBytes(StandardCharsets.UTF_8).length;

        ReadingParser.Result r = parse(TOPIC, big);

        assertThat(r.reading()).isNull();
        assertThat(r.rejection().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(r.rejection().detail()).isEqualTo(bytes + " bytes, limit 4096");
        assertThat(r.rejection().payload()).hasSize(4096).isEqualTo(big.substring(0, 4096));
    }

    @Test
    void a_payload_of_exactly_4_kib_is_accepted() {
        String base = with("power_kw", "10, \"pad\":\"\"");
        String exact = base.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(4096 - base.length()) + "\"");
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(4096);

        assertThat(accepted(exact).powerKw()).isEqualTo(10);
    }

    @Test
    void a_payload_one_byte_over_4_kib_is_too_large() {
        String base = with("power_kw", "10, \"pad\":\"\"");
        String over = base.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(4097 - base.length()) + "\"");
        assertThat(over.getBytes(StandardCharsets.UTF_8)).hasSize(4097);

        ReadingParser.Result r = parse(TOPIC, over);

        assertThat(r.reading()).isNull();
        assertThat(r.rejection().reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(r.rejection().detail()).isEqualTo("4097 bytes, limit 4096");
    }

    @Test
    void a_rejected_payload_with_chinese_text_is_kept_as_readable_text() {
        String payload = with("state", "\"故障\"");

        Rejection r = rejected(payload, Reason.OUT_OF_RANGE);

        assertThat(r.payload()).contains("故障");
        assertThat(r.detail()).contains("'故障'");
    }
}
