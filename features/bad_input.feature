Feature: Careless, stale and repeated input
  Whatever a client sends, Tandem answers with a clear refusal that says what is wrong,
  and records nothing it should not. A client that retries, or acts on what it read a
  while ago, is answered safely.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario: A well-formed proposal is taken
    When Budi sends a proposal to meet every 14 days by video
    Then the proposal is taken

  Scenario: Garbled text is refused
    When Budi sends a proposal that is cut off halfway
    Then it is refused because the body is not valid JSON
    And nothing new is recorded

  Scenario: Something other than JSON is refused
    When Budi sends a proposal as plain text
    Then it is refused because the body is not JSON
    And nothing new is recorded

  Scenario Outline: Values that make sense are taken
    When Budi proposes boundaries with <field> set to <value>
    Then the proposal is taken

    Examples:
      | field              | value          |
      | meeting_every_days | 1              |
      | meeting_every_days | 90             |
      | channel            | "async"        |
      | notes              | "Fridays suit" |

  Scenario Outline: Unknown fields and values out of range are named
    When Budi proposes boundaries with <field> set to <value>
    Then it is refused, naming "<field>" as invalid
    And nothing new is recorded

    Examples:
      | field               | value            |
      | meeting_every_days  | 0                |
      | meeting_every_days  | 91               |
      | meeting_every_days  | "often"          |
      | channel             | "carrier pigeon" |
      | confidential_topics | "salary"         |
      | colour              | "blue"           |

  Scenario Outline: A meeting lasts between five minutes and eight hours
    When Budi schedules a video meeting next week lasting <minutes> minutes
    Then <what happens>

    Examples:
      | minutes | what happens                                              |
      | 5       | a video meeting of 5 minutes is scheduled for next week   |
      | 480     | a video meeting of 480 minutes is scheduled for next week |
      | 4       | it is refused, naming "duration_minutes" as invalid       |
      | 481     | it is refused, naming "duration_minutes" as invalid       |

  Scenario: A meeting time must say its offset from UTC
    When Budi schedules a meeting for "2026-12-01T10:00:00" without an offset
    Then it is refused, naming "scheduled_for" as invalid

  Scenario: A body over 64 KiB is refused
    When Budi adds a goal described in 70000 characters
    Then it is refused because the body is too large
    And nothing new is recorded

  Scenario: Acting on the version last read goes through
    Given Budi has read the relationship
    When Budi proposes to meet every 14 days by video, on the version he read
    Then the proposal is taken

  Scenario: Acting on a version that has moved on is refused
    Given Budi has read the relationship
    And Ana has added the goal "Present at the guild"
    When Budi proposes to meet every 14 days by video, on the version he read
    Then it is refused because the relationship has changed since it was read
    And nothing new is recorded

  Scenario: A retried command answers as the first time and records nothing new
    Given Budi has scheduled a meeting, saying it is attempt "meeting-42"
    When Budi schedules the same meeting again, saying it is attempt "meeting-42"
    Then he gets the same answer as the first time
    And only one meeting is scheduled
    And nothing new is recorded

  Scenario: A retry key reused for a different command is refused
    Given Budi has scheduled a meeting, saying it is attempt "meeting-42"
    When Budi schedules a longer meeting, saying it is attempt "meeting-42"
    Then it is refused because the attempt key belongs to another request
    And nothing new is recorded

  Scenario Outline: Asking in a way the address does not support
    When Budi tries to <do what>
    Then it is refused because that cannot be done there

    Examples:
      | do what                    |
      | delete the relationship    |
      | overwrite the relationship |
      | read an acceptance         |
