package io.idsspark.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CicTimestampsTest {
  @ParameterizedTest
  @CsvSource({
    // 2018 (AST, UTC-4): morning hours as they are, 1-7 are afternoon
    "01/03/2018 09:56:59, 2018-03-01T13:56:59Z",
    "14/02/2018 08:31:01, 2018-02-14T12:31:01Z",
    "14/02/2018 02:24:07, 2018-02-14T18:24:07Z",
    "16/02/2018 01:45:00, 2018-02-16T17:45:00Z",
    "28/02/2018 12:30:00, 2018-02-28T16:30:00Z",
    "20/02/2018 07:59:59, 2018-02-20T23:59:59Z",
    // 2017 (ADT, UTC-3), day first, no seconds
    "7/7/2017 3:30, 2017-07-07T18:30:00Z",
    "3/7/2017 8:55, 2017-07-03T11:55:00Z",
    // a 24-hour value is taken as it is
    "5/7/2017 15:04:05, 2017-07-05T18:04:05Z"
  })
  void local12HourWithoutAmPm(String in, String utc) {
    assertEquals(utc, CicTimestamps.parseLocal12h(in));
  }

  @ParameterizedTest
  @CsvSource({
    "2018-03-02 16:46:12.972385, 2018-03-02T16:46:12.972385Z",
    "2018-02-14 12:29:31, 2018-02-14T12:29:31Z"
  })
  void improvedIsUtc(String in, String utc) {
    assertEquals(utc, CicTimestamps.parseIsoUtc(in));
  }

  @ParameterizedTest
  @CsvSource({
    "''",
    "Timestamp",
    "31/02/2018 09:00:00",
    "1/3/2018",
    "01/03/2018 09:61:00",
    "01-03-2018 09:00:00"
  })
  void malformedIsNull(String in) {
    assertNull(CicTimestamps.parseLocal12h(in));
  }
}
