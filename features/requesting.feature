Feature: Requesting a mentor or a peer
  A participant asks someone enrolled in the same programme to mentor them, or to learn
  alongside them as a peer. The invitee accepts or declines; the requester may withdraw
  while the request is still waiting. Two people have at most one open relationship
  in a programme.

  Background:
    Given the "Graduate Engineers" programme

  Scenario: A mentee asks a mentor for mentoring
    Given Ana is enrolled as a mentor
    And Budi is enrolled as a mentee
    When Budi asks Ana for mentoring
    Then the request waits for Ana's answer
    And Ana would mentor Budi
    And Budi reads his own message in the request

  Scenario: Two peers ask each other to learn together
    Given Chen is enrolled as a peer
    And Dara is enrolled as a peer
    When Chen asks Dara to learn together as peers
    Then the request waits for Dara's answer
    And they would be peers, with neither mentor nor mentee

  Scenario: The mentor accepts
    Given Budi has asked Ana for mentoring, and the relationship is now requested
    When Ana accepts the request
    Then the relationship is active
    And the history shows, in order
      | who  | what     |
      | Budi | asked    |
      | Ana  | accepted |

  Scenario: The mentor declines, saying why
    Given Budi has asked Ana for mentoring, and the relationship is now requested
    When Ana declines the request because "I am away for the next three months"
    Then the relationship is declined
    And the history shows, in order
      | who  | what     |
      | Budi | asked    |
      | Ana  | declined |

  Scenario: The mentee withdraws a request still waiting
    Given Budi has asked Ana for mentoring, and the relationship is now requested
    When Budi withdraws the request
    Then the relationship is withdrawn
    And the history shows, in order
      | who  | what     |
      | Budi | asked    |
      | Budi | withdrew |

  Scenario: Nobody can ask themselves
    Given Budi is enrolled as a mentor and a mentee
    When Budi asks Budi for mentoring
    Then it is refused because nobody can ask themselves

  Scenario Outline: Both must be enrolled with roles that fit the kind of relationship
    Given Budi is enrolled as <Budi's roles>
    And Ana is enrolled as <Ana's roles>
    When Budi asks Ana <for what>
    Then it is refused because they are not enrolled with fitting roles

    Examples:
      | Budi's roles | Ana's roles | for what                   |
      | a mentee     | a peer      | for mentoring              |
      | a mentor     | a mentor    | for mentoring              |
      | a mentee     | a mentee    | for mentoring              |
      | a peer       | a mentee    | to learn together as peers |
      | a mentee     | a mentor    | to learn together as peers |

  Scenario: The invitee must be enrolled in the programme
    Given Budi is enrolled as a mentee
    And Ana is registered but not enrolled in any programme
    When Budi asks Ana for mentoring
    Then it is refused because they are not enrolled with fitting roles

  Scenario: The invitee must exist
    Given Budi is enrolled as a mentee
    When Budi asks someone nobody knows for mentoring
    Then it is refused because they are not enrolled with fitting roles

  Scenario Outline: Only one open relationship per pair in a programme
    Given Budi has asked Ana for mentoring, and the relationship is now <status>
    When Budi asks Ana for mentoring
    Then it is refused because they already have an open relationship in this programme

    Examples:
      | status    |
      | requested |
      | active    |
      | paused    |

  Scenario Outline: After a relationship has ended the two may start again
    Given Budi has asked Ana for mentoring, and the relationship is now <status>
    When Budi asks Ana for mentoring
    Then the request waits for Ana's answer

    Examples:
      | status    |
      | declined  |
      | withdrawn |
      | concluded |

  Scenario: The same two may have a relationship in another programme
    Given Budi has asked Ana for mentoring, and the relationship is now active
    And the "Leadership Circle" programme
    And Ana is enrolled as a mentor
    And Budi is enrolled as a mentee
    When Budi asks Ana for mentoring
    Then the request waits for Ana's answer

  Scenario Outline: Only a request still waiting can be answered or withdrawn
    Given Budi has asked Ana for mentoring, and the relationship is now <status>
    When <who> tries to <do what>
    Then it is refused because the relationship does not allow it now
    And the relationship is still <status>

    Examples:
      | status    | who  | do what              |
      | declined  | Ana  | accept the request   |
      | withdrawn | Ana  | accept the request   |
      | active    | Ana  | accept the request   |
      | active    | Ana  | decline the request  |
      | active    | Budi | withdraw the request |
      | declined  | Budi | withdraw the request |
