Feature: Feedback
  Mentor and mentee tell each other how it is going: about behaviour, attitude,
  performance or the relationship itself. Feedback goes both ways, always to the
  other party, and may be tied to a meeting.

  Background:
    Given Ana mentors Budi in the "Graduate Engineers" programme

  Scenario Outline: Feedback goes both ways
    When <giver> gives feedback about <about>: "<content>"
    Then <receiver> has feedback from <giver> about <about>: "<content>"

    Examples:
      | giver | receiver | about        | content                                  |
      | Budi  | Ana      | relationship | Our talks help me more than any course   |
      | Ana   | Budi     | performance  | Your last review was thorough and kind   |
      | Ana   | Budi     | behaviour    | You speak up more in meetings now        |
      | Budi  | Ana      | attitude     | You always make time, which I appreciate |

  Scenario: Feedback on a meeting
    Given Budi has scheduled a meeting
    And Ana has marked the meeting held
    When Budi gives feedback on that meeting about behaviour: "The agenda kept us focused"
    Then the feedback is tied to that meeting

  Scenario: Peers give each other feedback too
    Given Chen and Dara are peers in the "Graduate Engineers" programme
    When Dara gives feedback about attitude: "Generous with your time"
    Then Chen has feedback from Dara about attitude: "Generous with your time"

  Scenario: A long mentorship keeps its latest feedback at hand and every piece within reach
    Given Ana has given Budi 60 pieces of feedback
    When Budi reads the relationship
    Then he sees the 50 most recent pieces of feedback, and that there are 60 in all
    And reading them all 25 at a time, Budi gets each of the 60 once, oldest first

  Scenario: Feedback is about one of four things
    When Budi gives feedback about the weather: "Sunny"
    Then it is refused, naming "about" as invalid

  Scenario Outline: Feedback is given only while the relationship is active
    Given the relationship is now <status>
    When Budi gives feedback about performance: "Thank you"
    Then it is refused because the relationship does not allow it now

    Examples:
      | status    |
      | paused    |
      | concluded |
