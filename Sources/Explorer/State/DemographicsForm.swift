import WorkspaceStore

/// The what-if demographics form (`e`): age, gender, region and device of the chosen user, each
/// changed with Left/Right; Enter applies, Esc cancels.
public struct DemographicsForm: Sendable, Equatable {
  /// A field of the form.
  public enum Field: Int, CaseIterable, Sendable {
    case age, gender, region, device
  }

  /// The selected field.
  public var field = Field.age
  /// The age in years.
  public var age: Float
  /// The gender, as a value of the workspace.
  public var gender: String
  /// The region.
  public var region: String
  /// The device.
  public var device: String
  /// The values each categorical field cycles through.
  let genders: [String]
  let regions: [String]
  let devices: [String]

  /// A form starting at the user's current values (unknown age: 30).
  init(
    age: Float?, gender: String, region: String, device: String,
    values: (regions: [String], devices: [String], genders: [String])
  ) {
    self.age = age ?? 30
    self.gender = gender
    self.region = region
    self.device = device
    genders = values.genders.isEmpty ? [gender] : values.genders
    regions = values.regions.isEmpty ? [region] : values.regions
    devices = values.devices.isEmpty ? [device] : values.devices
  }

  /// Moves the selection.
  mutating func move(_ step: Int) {
    let count = Field.allCases.count
    field = Field(rawValue: ((field.rawValue + step) % count + count) % count) ?? .age
  }

  /// Changes the selected field by `step` (5 years for the age; the next value otherwise).
  mutating func adjust(_ step: Int) {
    func cycle(_ value: String, _ values: [String]) -> String {
      let i = values.firstIndex(of: value) ?? 0
      return values[((i + step) % values.count + values.count) % values.count]
    }
    switch field {
    case .age: age = min(max(age + Float(5 * step), 5), 100)
    case .gender: gender = cycle(gender, genders)
    case .region: region = cycle(region, regions)
    case .device: device = cycle(device, devices)
    }
  }

  /// `edit` with the form's values.
  func applied(to edit: UserEdit) -> UserEdit {
    var result = edit
    result.age = age
    result.gender = gender
    result.region = region
    result.device = device
    return result
  }
}
