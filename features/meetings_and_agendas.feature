Feature: Meetings and agendas
  Mentor and mentee meet regularly. Before each meeting the mentee prepares the agenda:
  the topics, how they are progressing and where they want to grow. Between peers either
  may prepare it. A meeting is held or cancelled once, and its agenda comes before it.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario Outline: Either party schedules a meeting
    When <who> schedules a video meeting next week lasting 45 minutes
    Then a video meeting of 45 minutes is scheduled for next week

    Examples:
      | who  |
      | Ana  |
      | Budi |

  Scenario: The mentee prepares the agenda
    Given Ana has scheduled a meeting
    When Budi prepares the agenda with the topic "Giving kind code reviews"
    Then the meeting's agenda lists the topic "Giving kind code reviews"

  Scenario: The mentor cannot write the mentee's agenda
    Given Budi has scheduled a meeting
    When Ana prepares the agenda with the topic "What Budi should work on"
    Then it is not allowed
    And the meeting has no agenda yet

  Scenario Outline: Between peers either prepares the agenda
    Given Chen and Dara are peers in the "Graduate Engineers" programme
    And Chen has scheduled a meeting
    When <peer> prepares the agenda with the topic "Pairing habits"
    Then the meeting's agenda lists the topic "Pairing habits"

    Examples:
      | peer |
      | Chen |
      | Dara |

  Scenario: A meeting is held, with a summary
    Given Budi has scheduled a meeting
    When Ana marks the meeting held with the summary "We reviewed two pull requests"
    Then the meeting is held, with the summary "We reviewed two pull requests"

  Scenario: A meeting is cancelled, saying why
    Given Budi has scheduled a meeting
    When Ana cancels the meeting because "I am ill"
    Then the meeting is cancelled

  Scenario Outline: A meeting is held or cancelled only once
    Given Budi has scheduled a meeting
    And Ana has <ended it>
    When Budi tries to <do what>
    Then it is refused because the meeting is over
    And the meeting is still <status>

    Examples:
      | ended it                | do what               | status    |
      | marked the meeting held | mark the meeting held | held      |
      | marked the meeting held | cancel the meeting    | held      |
      | cancelled the meeting   | cancel the meeting    | cancelled |
      | cancelled the meeting   | mark the meeting held | cancelled |

  Scenario: The agenda comes before the meeting is held
    Given Budi has scheduled a meeting
    And Ana has marked the meeting held
    When Budi prepares the agenda with the topic "Afterthoughts"
    Then it is refused because the meeting is over
    And the meeting has no agenda yet

  Scenario Outline: Meetings happen only while the relationship is active
    Given the relationship is now <status>
    When Budi schedules a video meeting next week lasting 45 minutes
    Then it is refused because the relationship does not allow it now

    Examples:
      | status    |
      | paused    |
      | concluded |

  Scenario: No meeting before the request is accepted
    Given Dara has asked Chen for mentoring, and the relationship is now requested
    When Dara schedules a video meeting next week lasting 45 minutes
    Then it is refused because the relationship does not allow it now

  Scenario: A meeting that does not exist cannot be held
    When Ana marks a meeting that was never scheduled as held
    Then it is refused as though there were no such meeting
